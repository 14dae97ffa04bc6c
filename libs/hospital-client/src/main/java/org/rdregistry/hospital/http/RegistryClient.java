package org.rdregistry.hospital.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The intake API (docs/api/intake.md) over the JDK's HTTP client. Request bodies are written with
 * {@link RegistryJson#mapper()}; answers are read leniently (unknown properties ignored) so that a newer
 * server does not break older clients. Errors become {@link RegistryHttpException}s carrying the parsed
 * RFC 9457 problem. The bearer token is read from the supplier for every request (so it can be rotated)
 * and never appears in a message. Thread-safe.
 */
public final class RegistryClient {

    public static final String REGISTRY_PATH = "/api/v1/registry";
    public static final String RECORDS_PATH = "/api/v1/records";
    public static final String BATCH_PATH = "/api/v1/records/batch";
    public static final String PATIENTS_PATH = "/api/v1/patients/";

    private static final JsonMapper ANSWERS = RegistryJson.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final String baseUrl;
    private final Supplier<String> tokenSupplier;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final Duration requestTimeout;

    public RegistryClient(URI baseUrl, Supplier<String> tokenSupplier) {
        this(baseUrl, tokenSupplier, RetryPolicy.defaults());
    }

    public RegistryClient(URI baseUrl, Supplier<String> tokenSupplier, RetryPolicy retry) {
        this(baseUrl, tokenSupplier, retry,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofMinutes(2));
    }

    public RegistryClient(URI baseUrl, Supplier<String> tokenSupplier, RetryPolicy retry, HttpClient http,
                          Duration requestTimeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the registry URL must be http(s)://host[:port][/path]");
        }
        String s = baseUrl.toString();
        this.baseUrl = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.tokenSupplier = Objects.requireNonNull(tokenSupplier, "tokenSupplier");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** {@code GET /api/v1/registry}: schema version and registry key (public, no token sent). */
    public RegistryInfo fetchRegistry() {
        HttpResponse<byte[]> r = send("GET", REGISTRY_PATH, null, false);
        expect(r, 200, "GET", REGISTRY_PATH);
        return read(r, RegistryInfo.class, "GET", REGISTRY_PATH);
    }

    /**
     * {@code POST /api/v1/records/batch}: all or nothing. Retried on 503 and connection errors.
     *
     * @throws RegistryHttpException on any other answer than 202 (422/409 name {@code records[i].field})
     */
    public BatchResponse submitBatch(List<RecordSubmission> records) {
        if (records.isEmpty()) {
            return new BatchResponse(List.of());
        }
        return submitBatch(batchBody(records));
    }

    /** The JSON body of {@code POST /api/v1/records/batch} for these records. */
    public static byte[] batchBody(List<RecordSubmission> records) {
        return RegistryJson.mapper().writeValueAsBytes(new BatchRequest(records));
    }

    /**
     * {@code POST /api/v1/records/batch} with a body made earlier by {@link #batchBody} (a caller that
     * prepares its batches ahead, such as a load generator). As {@link #submitBatch(List)}.
     */
    public BatchResponse submitBatch(byte[] batchBody) {
        HttpResponse<byte[]> r = send("POST", BATCH_PATH, batchBody, true);
        expect(r, 202, "POST", BATCH_PATH);
        return read(r, BatchResponse.class, "POST", BATCH_PATH);
    }

    /** {@code POST /api/v1/records}: one record. */
    public RecordResult submit(RecordSubmission record) {
        byte[] body = RegistryJson.mapper().writeValueAsBytes(record);
        HttpResponse<byte[]> r = send("POST", RECORDS_PATH, body, true);
        expect(r, 202, "POST", RECORDS_PATH);
        return read(r, RecordResult.class, "POST", RECORDS_PATH);
    }

    /**
     * {@code DELETE /api/v1/patients/{pseudonym}/cohorts/{orphaCode}}: GDPR erasure of one patient from
     * one cohort. Idempotent: erasing an unknown patient also succeeds.
     */
    public void erase(String pseudonym, String cohort) {
        if (!RecordSubmission.PSEUDONYM.matcher(pseudonym).matches()) {
            throw new IllegalArgumentException("a pseudonym is 43 base64url characters");
        }
        if (!RecordSubmission.COHORT.matcher(cohort).matches()) {
            throw new IllegalArgumentException("a cohort is an ORPHA code like ORPHA:558");
        }
        String path = PATIENTS_PATH + pseudonym + "/cohorts/" + URLEncoder.encode(cohort, StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = send("DELETE", path, null, true);
        expect(r, 202, "DELETE", PATIENTS_PATH + "{pseudonym}/cohorts/" + cohort);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, boolean authenticated) {
        URI uri = URI.create(baseUrl + path);
        IOException lastError = null;
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Accept", "application/json, application/problem+json");
            if (authenticated) {
                b.header("Authorization", "Bearer " + token());
            }
            if (body != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            Duration retryAfter = null;
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (!RetryPolicy.retryable(r.statusCode()) || attempt >= retry.maxAttempts()) {
                    return r;
                }
                retryAfter = retryAfter(r);
            } catch (IOException e) {
                lastError = e;
                if (attempt >= retry.maxAttempts()) {
                    throw new RegistryHttpException(method + " " + uri.getPath() + ": no answer from " + baseUrl
                            + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + " (" + describe(e) + ")",
                            0, null, attempt, lastError);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryHttpException(method + " " + uri.getPath() + ": interrupted", 0, null, attempt, e);
            }
            sleep(retry.backoff(attempt, retryAfter));
        }
    }

    private String token() {
        String t = tokenSupplier.get();
        if (t == null || t.isBlank() || t.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalStateException("the bearer token is empty or not a single line of printable ASCII");
        }
        return t;
    }

    private static Duration retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,4}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryHttpException("interrupted while waiting to retry", 0, null, 0, e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static void expect(HttpResponse<byte[]> r, int expected, String method, String path) {
        int status = r.statusCode();
        if (status == expected) {
            return;
        }
        Problem problem = null;
        String contentType = r.headers().firstValue("Content-Type").orElse("");
        if (contentType.contains("json") && r.body().length > 0) {
            try {
                problem = ANSWERS.readValue(r.body(), Problem.class);
            } catch (JacksonException e) {
                problem = null;
            }
        }
        StringBuilder m = new StringBuilder(method).append(' ').append(path).append(": HTTP ").append(status);
        if (problem != null) {
            m.append(" - ").append(problem.summary());
        } else if (status == 401 || status == 403) {
            m.append(" - the token was refused");
        }
        throw new RegistryHttpException(m.toString(), status, problem, 1, null);
    }

    private static <T> T read(HttpResponse<byte[]> r, Class<T> type, String method, String path) {
        try {
            return ANSWERS.readValue(r.body(), type);
        } catch (JacksonException e) {
            throw new RegistryHttpException(method + " " + path + ": unexpected answer body (" + e.getOriginalMessage() + ")",
                    r.statusCode(), null, 1, e);
        }
    }
}

package org.rdregistry.hospital.consult;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.hospital.http.RetryPolicy;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP mechanics under {@link ConsultationClient}: bearer token per request, retries with backoff,
 * answers read leniently, any unexpected status turned into a {@link RegistryHttpException} with the
 * problem's title and detail. Knows nothing of the endpoints.
 */
final class JsonHttp {

    /** Whether a request may be sent again after an attempt whose answer was lost. */
    enum Resend {
        /** the request is safe to repeat */
        ALWAYS,
        /** only if it cannot have arrived: no connection was made, or 503/429 */
        ONLY_IF_NOT_RECEIVED
    }

    /**
     * @param ambiguous an earlier attempt was sent and its answer lost: the service may have acted on it
     */
    record Answer(int status, String contentType, byte[] body, int attempts, boolean ambiguous) {
    }

    private static final JsonMapper ANSWERS = RegistryJson.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final String baseUrl;
    private final Supplier<String> tokenSupplier;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final Duration requestTimeout;

    JsonHttp(String baseUrl, Supplier<String> tokenSupplier, RetryPolicy retry, HttpClient http, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.tokenSupplier = Objects.requireNonNull(tokenSupplier, "tokenSupplier");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    String baseUrl() {
        return baseUrl;
    }

    HttpClient client() {
        return http;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Sends with retries.
     *
     * @param headers    extra header name/value pairs
     * @param lostAnswer for {@link Resend#ONLY_IF_NOT_RECEIVED}: what a lost answer means for the caller
     */
    Answer send(String method, String path, byte[] body, Resend resend, String lostAnswer, String... headers) {
        URI uri = URI.create(baseUrl + path);
        boolean ambiguous = false;
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Accept", "application/json, application/problem+json")
                    .header("Authorization", "Bearer " + token());
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            if (body != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            Duration retryAfter = null;
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = r.statusCode();
                boolean resendable = resend == Resend.ALWAYS ? RetryPolicy.retryable(status)
                        : status == 503 || status == 429;
                if (!resendable || attempt >= retry.maxAttempts()) {
                    return new Answer(status, r.headers().firstValue("Content-Type").orElse(""), r.body(), attempt,
                            ambiguous);
                }
                retryAfter = r.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,4}"))
                        .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
            } catch (IOException e) {
                boolean notSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                if (resend == Resend.ONLY_IF_NOT_RECEIVED && !notSent) {
                    throw new RegistryHttpException(method + " " + path + ": the answer was lost (" + describe(e)
                            + "); " + lostAnswer, 0, null, attempt, e);
                }
                ambiguous |= !notSent;
                if (attempt >= retry.maxAttempts()) {
                    throw new RegistryHttpException(method + " " + path + ": no answer from " + baseUrl + " after "
                            + attempt + " attempt" + (attempt == 1 ? "" : "s") + " (" + describe(e) + ")", 0, null,
                            attempt, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryHttpException(method + " " + path + ": interrupted", 0, null, attempt, e);
            }
            sleep(retry.backoff(attempt, retryAfter));
        }
    }

    String token() {
        String t = tokenSupplier.get();
        if (t == null || t.isBlank() || t.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("the bearer token is empty or not a single line of printable ASCII");
        }
        return t;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryHttpException("interrupted while waiting to retry", 0, null, 0, e);
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /** Returns if the status is the expected one, else throws with the problem's title and detail. */
    static void expect(Answer a, int expected, String method, String path) {
        if (a.status() == expected) {
            return;
        }
        ProblemDetails problem = a.contentType().contains("json") ? ProblemDetails.parse(a.body()) : null;
        StringBuilder m = new StringBuilder(method).append(' ').append(path).append(": HTTP ").append(a.status());
        if (problem != null) {
            m.append(" - ").append(problem.problem().summary());
        } else if (a.status() == 401) {
            m.append(" - the token was refused");
        } else if (a.status() == 403) {
            m.append(" - not allowed with this token");
        }
        throw new RegistryHttpException(m.toString(), a.status(), problem == null ? null : problem.problem(),
                a.attempts(), null);
    }

    static <T> T read(Answer a, Class<T> type, String method, String path) {
        return readBytes(a.body(), type, a.status(), method, path);
    }

    static <T> T readBytes(byte[] body, Class<T> type, int status, String method, String path) {
        try {
            return ANSWERS.readValue(body, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw unexpected(e, status, method, path);
        }
    }

    /** A JSON array, or an object whose only array property holds the list. */
    static <T> List<T> readList(Answer a, TypeReference<List<T>> type, String method, String path) {
        JsonNode tree;
        try {
            tree = ANSWERS.readTree(a.body());
            if (tree != null && tree.isObject()) {
                List<JsonNode> arrays = tree.valueStream().filter(JsonNode::isArray).toList();
                if (arrays.size() == 1) {
                    tree = arrays.get(0);
                }
            }
        } catch (JacksonException e) {
            throw unexpected(e, a.status(), method, path);
        }
        if (tree == null || !tree.isArray()) {
            throw unexpected(null, a.status(), method, path);
        }
        try {
            return List.copyOf(ANSWERS.readValue(ANSWERS.writeValueAsBytes(tree), type));
        } catch (JacksonException | IllegalArgumentException e) {
            throw unexpected(e, a.status(), method, path);
        }
    }

    private static RegistryHttpException unexpected(Exception e, int status, String method, String path) {
        String why = e == null ? "not a list"
                : e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return new RegistryHttpException(method + " " + path + ": unexpected answer body (" + why + ")", status, null,
                1, e);
    }
}

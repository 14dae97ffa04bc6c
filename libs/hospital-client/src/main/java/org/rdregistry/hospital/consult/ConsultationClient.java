package org.rdregistry.hospital.consult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.hospital.http.RetryPolicy;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP API of consultation-service (docs/design/consultations.md) over the JDK's HTTP client: one
 * method per endpoint. Bodies are written with {@link RegistryJson#mapper()} (ciphertexts, keys and
 * sealed boxes in their wire form); answers are read leniently (unknown properties ignored). Any other
 * status than the documented one becomes a {@link RegistryHttpException} carrying the RFC 9457 problem
 * (its title and detail are in the message). The bearer token is read from the supplier for every
 * request; neither it nor an access credential ever appears in a message. Thread-safe.
 *
 * <p>Retries (503, 429, 502, 504, connection errors; {@link RetryPolicy}) are safe for every endpoint but
 * one: a consultation's access credential is in the answer to its creation only, so a creation whose
 * answer may have been lost is not sent again (see {@link #submit}).
 */
public final class ConsultationClient {

    public static final String MODELS_PATH = "/api/v1/models";
    public static final String CONSULTATIONS_PATH = "/api/v1/consultations";
    public static final String QUEUE_PATH = "/api/v1/queue";
    /** The header carrying the patient's access credential. */
    public static final String CREDENTIAL_HEADER = "Consultation-Credential";

    private static final JsonMapper ANSWERS = RegistryJson.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final String baseUrl;
    private final Supplier<String> tokenSupplier;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final Duration requestTimeout;

    public ConsultationClient(URI baseUrl, Supplier<String> tokenSupplier) {
        this(baseUrl, tokenSupplier, RetryPolicy.defaults());
    }

    public ConsultationClient(URI baseUrl, Supplier<String> tokenSupplier, RetryPolicy retry) {
        this(baseUrl, tokenSupplier, retry,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofMinutes(1));
    }

    public ConsultationClient(URI baseUrl, Supplier<String> tokenSupplier, RetryPolicy retry, HttpClient http,
                              Duration requestTimeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the consultation service URL must be http(s)://host[:port][/path]");
        }
        String s = baseUrl.toString();
        this.baseUrl = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.tokenSupplier = Objects.requireNonNull(tokenSupplier, "tokenSupplier");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    // ---- models ----

    /** {@code GET /api/v1/models}: every published model. */
    public List<ScoringModel> models() {
        Answer a = send("GET", MODELS_PATH, null, null, Resend.ALWAYS);
        expect(a, 200, "GET", MODELS_PATH);
        return readList(a, new TypeReference<List<ScoringModel>>() { }, "GET", MODELS_PATH);
    }

    /** {@code GET /api/v1/models/{id@version}}. */
    public ScoringModel model(ModelRef ref) {
        String path = MODELS_PATH + "/" + encode(ref.toString());
        Answer a = send("GET", path, null, null, Resend.ALWAYS);
        expect(a, 200, "GET", path);
        return read(a, ScoringModel.class, "GET", path);
    }

    /**
     * {@code POST /api/v1/models} (role expert): 201 when published now; 200 when this very model was already
     * published; the same reference with other content is 409.
     *
     * @return true if published by this call, false if it already was (same content)
     */
    public boolean publishModel(ScoringModel model) {
        Answer a = send("POST", MODELS_PATH, RegistryJson.mapper().writeValueAsBytes(model), null, Resend.ALWAYS);
        if (a.status() == 200) {
            return false;
        }
        expect(a, 201, "POST", MODELS_PATH);
        return true;
    }

    // ---- patient ----

    /**
     * {@code POST /api/v1/consultations} (role patient): 201 with the access credential, shown once.
     *
     * <p>Sent again only when the service cannot have accepted it (no connection was made, or 503/429).
     * If an answer is lost after sending, the client does not know whether the service has the case and
     * cannot get the credential again: the message says so (the case expires unclaimed by its retention
     * time; submitting again needs a new consultation id, i.e. a new encryption).
     */
    public SubmitResult submit(ConsultationSubmission submission) {
        byte[] body = RegistryJson.mapper().writeValueAsBytes(submission);
        Answer a = send("POST", CONSULTATIONS_PATH, body, null, Resend.ONLY_IF_NOT_RECEIVED);
        if (a.status() == 409 && a.ambiguous()) {
            throw new RegistryHttpException("POST " + CONSULTATIONS_PATH + ": consultation "
                    + submission.consultationId() + " was probably accepted on an earlier attempt whose answer was "
                    + "lost, so its access credential is unknown; it expires unread. Submit again", 409,
                    null, a.attempts(), null);
        }
        expect(a, 201, "POST", CONSULTATIONS_PATH);
        SubmitResult r = read(a, SubmitResult.class, "POST", CONSULTATIONS_PATH);
        if (!submission.consultationId().equals(r.consultationId())) {
            throw new RegistryHttpException("POST " + CONSULTATIONS_PATH + ": the service answered for consultation "
                    + r.consultationId() + ", not " + submission.consultationId(), a.status(), null, a.attempts(), null);
        }
        return r;
    }

    /** {@code GET /api/v1/consultations/{id}} with the credential; 404 if unknown, purged or wrong credential. */
    public ConsultationView consultation(String consultationId, String credential) {
        String path = consultationPath(consultationId);
        Answer a = send("GET", path, null, requireCredential(credential), Resend.ALWAYS);
        expect(a, 200, "GET", path);
        return read(a, ConsultationView.class, "GET", path);
    }

    /**
     * {@code GET /api/v1/consultations/{id}/events}: server-sent {@code status} events, each the same
     * JSON as {@link #consultation}. Calls {@code onEvent} for each until it returns false or the stream
     * ends; not retried (call again to reconnect: the first event is the current state).
     */
    public void events(String consultationId, String credential, Predicate<ConsultationView> onEvent) {
        String path = consultationPath(consultationId) + "/events";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout)
                .header("Accept", "text/event-stream, application/problem+json")
                .header("Authorization", "Bearer " + token())
                .header(CREDENTIAL_HEADER, requireCredential(credential)).GET().build();
        HttpResponse<Stream<String>> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new RegistryHttpException("GET " + path + ": no answer from " + baseUrl + " (" + describe(e) + ")",
                    0, null, 1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryHttpException("GET " + path + ": interrupted", 0, null, 1, e);
        }
        try (Stream<String> lines = r.body()) {
            if (r.statusCode() != 200) {
                byte[] body = String.join("\n", (Iterable<String>) lines::iterator).getBytes(StandardCharsets.UTF_8);
                expect(new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body, 1, false),
                        200, "GET", path);
            }
            String event = "message";
            StringBuilder data = new StringBuilder();
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if ("status".equals(event) && data.length() > 0) {
                        ConsultationView view = readBytes(data.toString().getBytes(StandardCharsets.UTF_8),
                                ConsultationView.class, 200, "GET", path);
                        if (!onEvent.test(view)) {
                            return;
                        }
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = field(line, "event:");
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(field(line, "data:"));
                }
                // "id:", "retry:" and ":" comments are not needed here
            }
        } catch (UncheckedIOException e) {
            throw new RegistryHttpException("GET " + path + ": the event stream broke (" + describe(e.getCause()) + ")",
                    0, null, 1, e);
        }
    }

    /** {@code POST /api/v1/consultations/{id}/acknowledge}: 204, the consultation is purged. */
    public void acknowledge(String consultationId, String credential) {
        purge("POST", consultationPath(consultationId) + "/acknowledge", credential);
    }

    /** {@code DELETE /api/v1/consultations/{id}}: 204, withdrawn and purged. */
    public void withdraw(String consultationId, String credential) {
        purge("DELETE", consultationPath(consultationId), credential);
    }

    private void purge(String method, String path, String credential) {
        Answer a = send(method, path, null, requireCredential(credential), Resend.ALWAYS);
        if (a.status() == 404 && a.ambiguous()) {
            return; // an earlier attempt whose answer was lost purged it
        }
        expect(a, 204, method, path);
    }

    // ---- expert ----

    /** {@code GET /api/v1/queue?specialty=s} (expert with {@code s} in its token's specialties). */
    public List<QueueEntry> queue(String specialty) {
        String path = QUEUE_PATH + "?specialty=" + encode(Objects.requireNonNull(specialty, "specialty"));
        Answer a = send("GET", path, null, null, Resend.ALWAYS);
        expect(a, 200, "GET", path);
        return readList(a, new TypeReference<List<QueueEntry>>() { }, "GET", path);
    }

    /**
     * {@code POST /api/v1/consultations/{id}/claim {expertKey}}: 200 with the lease; 409 if another expert
     * holds it. If an earlier attempt's answer was lost and the retry meets 409, the lease may be this
     * expert's own: the expert view tells, and its lease is returned.
     */
    public Lease claim(String consultationId, PublicKey expertKey) {
        String path = consultationPath(consultationId) + "/claim";
        byte[] body = RegistryJson.mapper().writeValueAsBytes(Map.of("expertKey", expertKey));
        Answer a = send("POST", path, body, null, Resend.ALWAYS);
        if (a.status() == 409 && a.ambiguous()) {
            try {
                ExpertView v = expertView(consultationId);
                return new Lease(v.leaseId(), v.until());
            } catch (RegistryHttpException notOurs) {
                // fall through: the 409 stands
            }
        }
        expect(a, 200, "POST", path);
        return read(a, Lease.class, "POST", path);
    }

    /** {@code GET /api/v1/consultations/{id}/expert-view} (the lease holder; others 403). */
    public ExpertView expertView(String consultationId) {
        String path = consultationPath(consultationId) + "/expert-view";
        Answer a = send("GET", path, null, null, Resend.ALWAYS);
        expect(a, 200, "GET", path);
        return read(a, ExpertView.class, "GET", path);
    }

    /** {@code POST /api/v1/consultations/{id}/opinion {leaseId, opinion}} (the lease holder): 202. */
    public void postOpinion(String consultationId, String leaseId, SealedBox opinion) {
        String path = consultationPath(consultationId) + "/opinion";
        byte[] body = RegistryJson.mapper().writeValueAsBytes(Map.of("leaseId", Objects.requireNonNull(leaseId,
                "leaseId"), "opinion", Objects.requireNonNull(opinion, "opinion")));
        Answer a = send("POST", path, body, null, Resend.ALWAYS);
        expect(a, 202, "POST", path);
    }

    // ---- HTTP ----

    private enum Resend { ALWAYS, ONLY_IF_NOT_RECEIVED }

    /**
     * @param ambiguous an earlier attempt was sent and its answer lost: the service may have acted on it
     */
    private record Answer(int status, String contentType, byte[] body, int attempts, boolean ambiguous) {
    }

    private Answer send(String method, String path, byte[] body, String credential, Resend resend) {
        URI uri = URI.create(baseUrl + path);
        boolean ambiguous = false;
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Accept", "application/json, application/problem+json")
                    .header("Authorization", "Bearer " + token());
            if (credential != null) {
                b.header(CREDENTIAL_HEADER, credential);
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
                            + "); the service may have accepted the consultation, but its access credential is "
                            + "unknown, so it expires unread. Submit again", 0, null, attempt, e);
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

    private String token() {
        String t = tokenSupplier.get();
        if (t == null || t.isBlank() || t.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalStateException("the bearer token is empty or not a single line of printable ASCII");
        }
        return t;
    }

    private static String requireCredential(String credential) {
        if (credential == null || !credential.matches("[A-Za-z0-9_-]{16,128}")) {
            throw new IllegalArgumentException("an access credential is base64url text (the one the submission returned)");
        }
        return credential;
    }

    private static String consultationPath(String consultationId) {
        if (consultationId == null || !ConsultationSubmission.ID.matcher(consultationId).matches()) {
            throw new IllegalArgumentException("a consultation id is a lower-case UUID: " + consultationId);
        }
        return CONSULTATIONS_PATH + "/" + consultationId;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String field(String line, String prefix) {
        String v = line.substring(prefix.length());
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryHttpException("interrupted while waiting to retry", 0, null, 0, e);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static void expect(Answer a, int expected, String method, String path) {
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

    private static <T> T read(Answer a, Class<T> type, String method, String path) {
        return readBytes(a.body(), type, a.status(), method, path);
    }

    private static <T> T readBytes(byte[] body, Class<T> type, int status, String method, String path) {
        try {
            return ANSWERS.readValue(body, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw unexpected(e, status, method, path);
        }
    }

    /** A JSON array, or an object whose only array property holds the list. */
    private static <T> List<T> readList(Answer a, TypeReference<List<T>> type, String method, String path) {
        try {
            JsonNode tree = ANSWERS.readTree(a.body());
            if (tree.isObject()) {
                List<JsonNode> arrays = tree.valueStream().filter(JsonNode::isArray).toList();
                if (arrays.size() == 1) {
                    tree = arrays.get(0);
                }
            }
            if (!tree.isArray()) {
                throw unexpected(null, a.status(), method, path);
            }
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

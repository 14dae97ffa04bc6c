package org.rdregistry.hospital.consult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
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
import org.rdregistry.hospital.consult.JsonHttp.Resend;
import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.hospital.http.RetryPolicy;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.core.type.TypeReference;

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

    private static final String LOST_SUBMISSION = "the service may have accepted the consultation, but its access "
            + "credential is unknown, so it expires unread. Submit again";

    private final JsonHttp http;

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
        this.http = new JsonHttp(s.endsWith("/") ? s.substring(0, s.length() - 1) : s, tokenSupplier, retry, http,
                requestTimeout);
    }

    // ---- models ----

    /** {@code GET /api/v1/models}: every published model. */
    public List<ScoringModel> models() {
        JsonHttp.Answer a = http.send("GET", MODELS_PATH, null, Resend.ALWAYS, null);
        JsonHttp.expect(a, 200, "GET", MODELS_PATH);
        return JsonHttp.readList(a, new TypeReference<List<ScoringModel>>() { }, "GET", MODELS_PATH);
    }

    /** {@code GET /api/v1/models/{id@version}}. */
    public ScoringModel model(ModelRef ref) {
        String path = MODELS_PATH + "/" + encode(ref.toString());
        JsonHttp.Answer a = http.send("GET", path, null, Resend.ALWAYS, null);
        JsonHttp.expect(a, 200, "GET", path);
        return JsonHttp.read(a, ScoringModel.class, "GET", path);
    }

    /**
     * {@code POST /api/v1/models} (role expert): 201 when published now; 200 when this very model was already
     * published; the same reference with other content is 409.
     *
     * @return true if published by this call, false if it already was (same content)
     */
    public boolean publishModel(ScoringModel model) {
        JsonHttp.Answer a = http.send("POST", MODELS_PATH, RegistryJson.mapper().writeValueAsBytes(model),
                Resend.ALWAYS, null);
        if (a.status() == 200) {
            return false;
        }
        JsonHttp.expect(a, 201, "POST", MODELS_PATH);
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
        JsonHttp.Answer a = http.send("POST", CONSULTATIONS_PATH, body, Resend.ONLY_IF_NOT_RECEIVED, LOST_SUBMISSION);
        JsonHttp.expect(a, 201, "POST", CONSULTATIONS_PATH);
        SubmitResult r = JsonHttp.read(a, SubmitResult.class, "POST", CONSULTATIONS_PATH);
        if (!submission.consultationId().equals(r.consultationId())) {
            throw new RegistryHttpException("POST " + CONSULTATIONS_PATH + ": the service answered for consultation "
                    + r.consultationId() + ", not " + submission.consultationId(), a.status(), null, a.attempts(), null);
        }
        return r;
    }

    /** {@code GET /api/v1/consultations/{id}} with the credential; 404 if unknown, purged or wrong credential. */
    public ConsultationView consultation(String consultationId, String credential) {
        String path = consultationPath(consultationId);
        JsonHttp.Answer a = http.send("GET", path, null, Resend.ALWAYS, null, CREDENTIAL_HEADER,
                requireCredential(credential));
        JsonHttp.expect(a, 200, "GET", path);
        return JsonHttp.read(a, ConsultationView.class, "GET", path);
    }

    /**
     * {@code GET /api/v1/consultations/{id}/events}: server-sent {@code status} events, each the same
     * JSON as {@link #consultation}. Calls {@code onEvent} for each until it returns false or the stream
     * ends; not retried (call again to reconnect: the first event is the current state).
     */
    public void events(String consultationId, String credential, Predicate<ConsultationView> onEvent) {
        String path = consultationPath(consultationId) + "/events";
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.baseUrl() + path)).timeout(http.requestTimeout())
                .header("Accept", "text/event-stream, application/problem+json")
                .header("Authorization", "Bearer " + http.token())
                .header(CREDENTIAL_HEADER, requireCredential(credential)).GET().build();
        HttpResponse<Stream<String>> r;
        try {
            r = http.client().send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new RegistryHttpException("GET " + path + ": no answer from " + http.baseUrl() + " ("
                    + JsonHttp.describe(e) + ")",
                    0, null, 1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryHttpException("GET " + path + ": interrupted", 0, null, 1, e);
        }
        try (Stream<String> lines = r.body()) {
            if (r.statusCode() != 200) {
                byte[] body = String.join("\n", (Iterable<String>) lines::iterator).getBytes(StandardCharsets.UTF_8);
                JsonHttp.expect(new JsonHttp.Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body, 1, false),
                        200, "GET", path);
            }
            String event = "message";
            StringBuilder data = new StringBuilder();
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if ("status".equals(event) && data.length() > 0) {
                        ConsultationView view = JsonHttp.readBytes(data.toString().getBytes(StandardCharsets.UTF_8),
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
            throw new RegistryHttpException("GET " + path + ": the event stream broke ("
                    + JsonHttp.describe(e.getCause()) + ")", 0, null, 1, e);
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
        JsonHttp.Answer a = http.send(method, path, null, Resend.ALWAYS, null, CREDENTIAL_HEADER,
                requireCredential(credential));
        if (a.status() == 404 && a.ambiguous()) {
            return; // an earlier attempt whose answer was lost purged it
        }
        JsonHttp.expect(a, 204, method, path);
    }

    // ---- expert ----

    /** {@code GET /api/v1/queue?specialty=s} (expert with {@code s} in its token's specialties). */
    public List<QueueEntry> queue(String specialty) {
        String path = QUEUE_PATH + "?specialty=" + encode(Objects.requireNonNull(specialty, "specialty"));
        JsonHttp.Answer a = http.send("GET", path, null, Resend.ALWAYS, null);
        JsonHttp.expect(a, 200, "GET", path);
        return JsonHttp.readList(a, new TypeReference<List<QueueEntry>>() { }, "GET", path);
    }

    /**
     * {@code POST /api/v1/consultations/{id}/claim {expertKey}}: 200 with the lease; 409 if another expert
     * holds it. If an earlier attempt's answer was lost and the retry meets 409, the lease may be this
     * expert's own: the expert view tells, and its lease is returned.
     */
    public Lease claim(String consultationId, PublicKey expertKey) {
        String path = consultationPath(consultationId) + "/claim";
        byte[] body = RegistryJson.mapper().writeValueAsBytes(Map.of("expertKey", expertKey));
        JsonHttp.Answer a = http.send("POST", path, body, Resend.ALWAYS, null);
        if (a.status() == 409 && a.ambiguous()) {
            try {
                ExpertView v = expertView(consultationId);
                return new Lease(v.leaseId(), v.until());
            } catch (RegistryHttpException notOurs) {
                // fall through: the 409 stands
            }
        }
        JsonHttp.expect(a, 200, "POST", path);
        return JsonHttp.read(a, Lease.class, "POST", path);
    }

    /** {@code GET /api/v1/consultations/{id}/expert-view} (the lease holder; others 403). */
    public ExpertView expertView(String consultationId) {
        String path = consultationPath(consultationId) + "/expert-view";
        JsonHttp.Answer a = http.send("GET", path, null, Resend.ALWAYS, null);
        JsonHttp.expect(a, 200, "GET", path);
        return JsonHttp.read(a, ExpertView.class, "GET", path);
    }

    /** {@code POST /api/v1/consultations/{id}/opinion {leaseId, opinion}} (the lease holder): 202. */
    public void postOpinion(String consultationId, String leaseId, SealedBox opinion) {
        String path = consultationPath(consultationId) + "/opinion";
        byte[] body = RegistryJson.mapper().writeValueAsBytes(Map.of("leaseId", Objects.requireNonNull(leaseId,
                "leaseId"), "opinion", Objects.requireNonNull(opinion, "opinion")));
        JsonHttp.Answer a = http.send("POST", path, body, Resend.ALWAYS, null);
        JsonHttp.expect(a, 202, "POST", path);
    }

    // ---- helpers ----

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

}

package org.rdregistry.hospital.consult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ConsultationVerifier;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ModelScore;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;
import org.rdregistry.registry.events.RegistryJson;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A real HTTP server on 127.0.0.1 playing consultation-service as docs/design/consultations.md specifies
 * its API: opaque bearer tokens mapped to roles (patient; experts with specialties), the credential
 * header (only its SHA-256 kept; wrong, unknown and purged all 404), strict JSON with the wire module,
 * every submission verified ({@link ConsultationVerifier}; 400 naming the fields, as the service does), exclusive claims (409),
 * lease-holder-only expert views (403), purge on acknowledge/withdraw, SSE status events, RFC 9457
 * problems. Scores and the history key are really key-switched, with two of three trustee shares of a
 * key dealt at test time. Faults: canned answers, an answer dropped after processing, readiness only after
 * some polls (so clients really wait).
 */
public final class TestConsultationService implements AutoCloseable {

    public record Canned(int status, String contentType, String body) {
    }

    private record Principal(String role, String subject, Set<String> specialties) {
    }

    private record LeaseState(String leaseId, String expert, PublicKey key, Instant until) {
    }

    private static final class Case {
        ConsultationSubmission submission;
        String credentialSha256;
        Status status = Status.SUBMITTED;
        Instant submittedAt;
        Instant expiresAt;
        List<ModelScore> patientScores;
        int patientPolls;
        LeaseState lease;
        List<ModelScore> expertScores;
        Ciphertext expertHistoryKey;
        int expertPolls;
        SealedBox opinion;
    }

    private final SecureRandom random = new SecureRandom();
    public final GroupContext group = GroupContext.p256();
    public final TestOnlyTrustedDealer.Deal deal = TestOnlyTrustedDealer.deal(group, 2, 3);
    public final String patientToken = token("patient");
    public final String expertToken = token("expert");
    public final String otherExpertToken = token("expert2");
    public final String neurologistToken = token("neuro");
    /** GETs of a consultation before its scores appear (status OPEN), and of an expert view before it is ready. */
    public volatile int scoresAfterPolls = 0;
    public volatile int expertViewAfterPolls = 0;
    public final AtomicInteger submissions = new AtomicInteger();
    public final AtomicInteger modelPosts = new AtomicInteger();

    private final Map<String, Principal> principals = new ConcurrentHashMap<>();
    private final Map<ModelRef, ScoringModel> models = new ConcurrentHashMap<>();
    private final Map<String, Case> cases = new LinkedHashMap<>();
    private final Set<String> purged = new HashSet<>();
    private final Deque<Canned> canned = new ArrayDeque<>();
    private final Set<String> dropAnswerOnce = ConcurrentHashMap.newKeySet();
    private final ConsultationVerifier verifier;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer server;
    private int version;

    public TestConsultationService() throws IOException {
        principals.put(patientToken, new Principal("patient", "patient-1", Set.of()));
        principals.put(expertToken, new Principal("expert", "expert-1", Set.of("cardiology", "medical-genetics")));
        principals.put(otherExpertToken, new Principal("expert", "expert-2", Set.of("cardiology")));
        principals.put(neurologistToken, new Principal("expert", "expert-3", Set.of("neurology")));
        ScoringModels.shipped().forEach(m -> models.put(m.ref(), m));
        verifier = new ConsultationVerifier(deal.jointKey().publicKey(), models::get);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/v1/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next answers to any request, before any processing (nothing is changed). */
    public synchronized void enqueue(Canned... answers) {
        canned.addAll(List.of(answers));
    }

    /** The next request "METHOD /path-prefix" is processed, then its connection closed without an answer. */
    public void dropAnswerOnce(String methodAndPathPrefix) {
        dropAnswerOnce.add(methodAndPathPrefix);
    }

    public synchronized boolean exists(String id) {
        return cases.containsKey(id);
    }

    public synchronized boolean isPurged(String id) {
        return purged.contains(id);
    }

    public synchronized Status status(String id) {
        return cases.get(id).status;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- routing ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Canned c;
            synchronized (this) {
                c = canned.poll();
            }
            if (c != null) {
                send(ex, c.status(), c.contentType(), c.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            Principal who = principals.get(ex.getRequestHeaders().getFirst("Authorization") == null ? ""
                    : ex.getRequestHeaders().getFirst("Authorization").replaceFirst("^Bearer ", ""));
            if (who == null) {
                problem(ex, 401, "Unauthorized", "a valid bearer token is required", null);
                return;
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String[] p = path.substring("/api/v1/".length()).split("/");
            boolean drop = dropAnswerOnce.removeIf(k -> (method + " " + path).startsWith(k));
            if (drop) {
                route(ex, who, method, p, true);
                // an answer announced but never sent: the client sees the connection break
                ex.sendResponseHeaders(200, 1000);
                return;
            }
            route(ex, who, method, p, false);
        } catch (RuntimeException e) {
            problem(ex, 500, "Internal Server Error", e.toString(), null);
        }
    }

    private void route(HttpExchange ex, Principal who, String method, String[] p, boolean drop) throws IOException {
        HttpExchange out = drop ? null : ex;
        if (p[0].equals("models") && p.length == 1 && method.equals("GET")) {
            json(out, 200, List.copyOf(models.values()));
        } else if (p[0].equals("models") && p.length == 2 && method.equals("GET")) {
            ScoringModel m = refOrNull(p[1]) == null ? null : models.get(refOrNull(p[1]));
            if (m == null) {
                problem(out, 404, "Not Found", "no published model " + p[1], null);
            } else {
                json(out, 200, m);
            }
        } else if (p[0].equals("models") && p.length == 1 && method.equals("POST")) {
            publishModel(out, who, body(ex));
        } else if (p[0].equals("consultations") && p.length == 1 && method.equals("POST")) {
            submit(out, who, body(ex));
        } else if (p[0].equals("queue") && p.length == 1 && method.equals("GET")) {
            queue(out, who, ex.getRequestURI().getQuery());
        } else if (p[0].equals("consultations") && p.length >= 2) {
            String id = p[1];
            String tail = p.length == 2 ? "" : p[2];
            switch (method + " " + tail) {
                case "GET " -> patientView(out, who, ex, id);
                case "GET events" -> events(ex, who, id);
                case "POST acknowledge", "DELETE " -> purge(out, who, ex, id);
                case "POST claim" -> claim(out, who, id, body(ex));
                case "GET expert-view" -> expertView(out, who, id);
                case "POST opinion" -> opinion(out, who, id, body(ex));
                default -> problem(out, 404, "Not Found", "no such endpoint", null);
            }
        } else {
            problem(out, 404, "Not Found", "no such endpoint", null);
        }
    }

    // ---- models ----

    private void publishModel(HttpExchange out, Principal who, byte[] body) throws IOException {
        if (!who.role().equals("expert")) {
            problem(out, 403, "Forbidden", "publishing a model needs the role expert", null);
            return;
        }
        modelPosts.incrementAndGet();
        ScoringModel m;
        try {
            m = RegistryJson.mapper().readValue(body, ScoringModel.class);
        } catch (JacksonException | IllegalArgumentException e) {
            problem(out, 400, "Invalid scoring model", "the model does not validate", null);
            return;
        }
        ScoringModel existing = models.putIfAbsent(m.ref(), m);
        if (existing != null && !existing.equals(m)) {
            problem(out, 409, "Conflict", "model " + m.ref() + " is published with other content", null);
            return;
        }
        json(out, existing == null ? 201 : 200, m);
    }

    // ---- patient ----

    private void submit(HttpExchange out, Principal who, byte[] body) throws IOException {
        if (!who.role().equals("patient")) {
            problem(out, 403, "Forbidden", "submitting needs the role patient", null);
            return;
        }
        submissions.incrementAndGet();
        ConsultationSubmission s;
        try {
            s = RegistryJson.mapper().readValue(body, ConsultationSubmission.class);
        } catch (JacksonException | IllegalArgumentException e) {
            problem(out, 400, "Bad Request", "not a consultation submission", null);
            return;
        }
        List<ConsultationVerifier.Problem> problems = verifier.verify(s);
        if (!problems.isEmpty()) {
            List<Map<String, String>> errors = problems.stream()
                    .map(pr -> Map.of("field", pr.field(), "reason", pr.reason())).toList();
            problem(out, 400, "Invalid consultation", "the submission is invalid: " + problems.get(0).field() + ": "
                    + problems.get(0).reason(), errors);
            return;
        }
        String credential = base64url(32);
        synchronized (this) {
            if (cases.containsKey(s.consultationId()) || purged.contains(s.consultationId())) {
                problem(out, 409, "Conflict", "consultation id already used", null);
                return;
            }
            Case c = new Case();
            c.submission = s;
            c.credentialSha256 = sha256(credential);
            c.submittedAt = Instant.now();
            c.expiresAt = c.submittedAt.plus(Duration.ofDays(7));
            List<ModelScore> scores = ScoreEvaluator.scores(group, s, models);
            c.patientScores = scores.stream().map(sc -> new ModelScore(sc.model(), keySwitch(s.consultationId(), "p-1",
                    ConsultContexts.scoreItem(sc.model()), sc.score(), s.patientKey()))).toList();
            cases.put(s.consultationId(), c);
            changed();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("consultationId", s.consultationId());
        answer.put("accessCredential", credential);
        answer.put("status", Status.SUBMITTED);
        json(out, 201, answer);
    }

    /** The patient's case, or null after a 404 (unknown, purged, wrong credential alike). */
    private synchronized Case patientCase(HttpExchange out, Principal who, HttpExchange ex, String id) throws IOException {
        if (!who.role().equals("patient")) {
            problem(out, 403, "Forbidden", "needs the role patient", null);
            return null;
        }
        String credential = ex.getRequestHeaders().getFirst("Consultation-Credential");
        Case c = cases.get(id);
        if (c == null || credential == null || !c.credentialSha256.equals(sha256(credential))) {
            problem(out, 404, "Not Found", "no such consultation", null);
            return null;
        }
        return c;
    }

    private void patientView(HttpExchange out, Principal who, HttpExchange ex, String id) throws IOException {
        Map<String, Object> view;
        synchronized (this) {
            Case c = patientCase(out, who, ex, id);
            if (c == null) {
                return;
            }
            if (c.status == Status.SUBMITTED && ++c.patientPolls > scoresAfterPolls) {
                c.status = Status.OPEN;
                changed();
            }
            view = view(id, c);
        }
        json(out, 200, view);
    }

    private Map<String, Object> view(String id, Case c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("consultationId", id);
        v.put("status", c.status);
        v.put("specialty", c.submission.specialty());
        v.put("models", c.submission.modelRefs());
        v.put("submittedAt", c.submittedAt);
        v.put("expiresAt", c.expiresAt);
        v.put("scores", c.status == Status.SUBMITTED ? List.of() : c.patientScores);
        v.put("opinion", c.opinion);
        return v;
    }

    private void events(HttpExchange ex, Principal who, String id) throws IOException {
        synchronized (this) {
            if (patientCase(ex, who, ex, id) == null) {
                return;
            }
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream os = ex.getResponseBody();
        int seen = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> view;
            synchronized (this) {
                Case c = cases.get(id);
                if (c == null) {
                    return; // purged: the stream ends
                }
                if (seen == version) {
                    try {
                        wait(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                seen = version;
                view = view(id, c);
            }
            try {
                os.write((": keep-alive\n\nevent: status\nid: " + seen + "\ndata: "
                        + RegistryJson.mapper().writeValueAsString(view) + "\n\n").getBytes(StandardCharsets.UTF_8));
                os.flush();
            } catch (IOException clientGone) {
                return;
            }
        }
    }

    private void purge(HttpExchange out, Principal who, HttpExchange ex, String id) throws IOException {
        synchronized (this) {
            if (patientCase(out, who, ex, id) == null) {
                return;
            }
            cases.remove(id);
            purged.add(id);
            changed();
        }
        send(out, 204, null, null);
    }

    // ---- expert ----

    private void queue(HttpExchange out, Principal who, String query) throws IOException {
        String specialty = query != null && query.startsWith("specialty=") ? query.substring("specialty=".length()) : null;
        if (specialty == null || specialty.isEmpty()) {
            problem(out, 400, "Bad Request", "the parameter specialty is required", null);
            return;
        }
        if (!who.role().equals("expert") || !who.specialties().contains(specialty)) {
            problem(out, 403, "Forbidden", "the token does not name the specialty " + specialty, null);
            return;
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        synchronized (this) {
            Instant now = Instant.now();
            cases.forEach((id, c) -> {
                boolean open = c.status == Status.OPEN || c.status == Status.CLAIMED && !c.lease.until().isAfter(now);
                if (open && c.submission.specialty().equals(specialty)) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("consultationId", id);
                    e.put("specialty", specialty);
                    e.put("models", c.submission.modelRefs());
                    e.put("submittedAt", c.submittedAt);
                    entries.add(e);
                }
            });
        }
        json(out, 200, entries);
    }

    private void claim(HttpExchange out, Principal who, String id, byte[] body) throws IOException {
        PublicKey key;
        try {
            JsonNode tree = RegistryJson.mapper().readTree(body);
            key = RegistryJson.mapper().treeToValue(tree.get("expertKey"), PublicKey.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            problem(out, 400, "Bad Request", "expected {expertKey}", null);
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        synchronized (this) {
            Case c = cases.get(id);
            if (c == null) {
                problem(out, 404, "Not Found", "no such consultation", null);
                return;
            }
            if (!who.role().equals("expert") || !who.specialties().contains(c.submission.specialty())) {
                problem(out, 403, "Forbidden", "the token does not name the specialty " + c.submission.specialty(), null);
                return;
            }
            Instant now = Instant.now();
            boolean free = c.status == Status.OPEN || c.status == Status.CLAIMED && !c.lease.until().isAfter(now);
            if (!free) {
                problem(out, 409, "Conflict", "the consultation is already claimed", null);
                return;
            }
            c.lease = new LeaseState(UUID.randomUUID().toString(), who.subject(), key, now.plus(Duration.ofHours(1)));
            c.status = Status.CLAIMED;
            c.expertPolls = 0;
            String request = "e-" + c.lease.leaseId();
            List<ModelScore> scores = ScoreEvaluator.scores(group, c.submission, models);
            c.expertScores = scores.stream().map(sc -> new ModelScore(sc.model(), keySwitch(id, request,
                    ConsultContexts.scoreItem(sc.model()), sc.score(), key))).toList();
            c.expertHistoryKey = keySwitch(id, request, ConsultContexts.HISTORY_KEY_ITEM,
                    c.submission.history().encryptedKeyPoint(), key);
            changed();
            answer.put("leaseId", c.lease.leaseId());
            answer.put("until", c.lease.until());
        }
        json(out, 200, answer);
    }

    /** The case if {@code who} holds its current lease, else null after a 403/404. */
    private Case leaseHolderCase(HttpExchange out, Principal who, String id) throws IOException {
        Case c = cases.get(id);
        if (c == null) {
            problem(out, 404, "Not Found", "no such consultation", null);
            return null;
        }
        if (c.lease == null || !c.lease.expert().equals(who.subject()) || !c.lease.until().isAfter(Instant.now())) {
            problem(out, 403, "Forbidden", "only the holder of the current lease", null);
            return null;
        }
        return c;
    }

    private void expertView(HttpExchange out, Principal who, String id) throws IOException {
        Map<String, Object> v = new LinkedHashMap<>();
        synchronized (this) {
            Case c = leaseHolderCase(out, who, id);
            if (c == null) {
                return;
            }
            boolean ready = ++c.expertPolls > expertViewAfterPolls;
            v.put("consultationId", id);
            v.put("leaseId", c.lease.leaseId());
            v.put("until", c.lease.until());
            v.put("ready", ready);
            v.put("patientKey", c.submission.patientKey());
            v.put("history", c.submission.history());
            v.put("historyKey", ready ? c.expertHistoryKey : null);
            v.put("scores", ready ? c.expertScores : List.of());
        }
        json(out, 200, v);
    }

    private void opinion(HttpExchange out, Principal who, String id, byte[] body) throws IOException {
        String leaseId;
        SealedBox box;
        try {
            JsonNode tree = RegistryJson.mapper().readTree(body);
            leaseId = tree.get("leaseId").stringValue();
            box = RegistryJson.mapper().treeToValue(tree.get("opinion"), SealedBox.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            problem(out, 400, "Bad Request", "expected {leaseId, opinion}", null);
            return;
        }
        synchronized (this) {
            Case c = leaseHolderCase(out, who, id);
            if (c == null) {
                return;
            }
            if (!c.lease.leaseId().equals(leaseId)) {
                problem(out, 409, "Conflict", "not the current lease", null);
                return;
            }
            c.opinion = box;
            c.status = Status.ANSWERED;
            changed();
        }
        send(out, 202, null, null);
    }

    // ---- crypto: two of the three trustees switch, with proofs; the combination verifies them ----

    private Ciphertext keySwitch(String id, String request, String item, Ciphertext c, PublicKey target) {
        ProofContext ctx = ConsultContexts.keySwitch(id, request, item);
        return new KeySwitchCombiner(deal.jointKey()).combine(c, target, ctx,
                List.of(KeySwitch.createShare(deal.share(1), c, target, ctx),
                        KeySwitch.createShare(deal.share(3), c, target, ctx))).ciphertext();
    }

    // ---- HTTP helpers ----

    private void changed() {
        version++;
        notifyAll();
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json", RegistryJson.mapper().writeValueAsBytes(value));
    }

    private static void problem(HttpExchange ex, int status, String title, String detail,
                                List<Map<String, String>> errors) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        if (errors != null) {
            p.put("errors", errors);
        }
        send(ex, status, "application/problem+json", RegistryJson.mapper().writeValueAsBytes(p));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (ex == null) {
            return; // the answer is dropped
        }
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        if (body == null || body.length == 0) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        }
    }

    private static ModelRef refOrNull(String text) {
        try {
            return ModelRef.parse(java.net.URLDecoder.decode(text, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String base64url(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private String token(String who) {
        return "test-" + who + "-" + base64url(12);
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

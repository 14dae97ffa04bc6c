package org.rdregistry.hospital;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.hospital.http.BatchRequest;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.registry.schema.RegistrySchema;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A real HTTP server on 127.0.0.1 that plays intake as docs/api/intake.md specifies it: bearer token,
 * strict JSON with the wire module, every proof verified (422 naming records[i].field), batches all or
 * nothing, replays of the same body answered "duplicate", the same record id with another body 409,
 * erasure 202. Faults can be injected: canned answers (e.g. one 503) and record ids to refuse with 422.
 * The registry key is generated at test time.
 */
public final class TestIntake implements AutoCloseable {

    public record Canned(int status, String contentType, String body) {
    }

    private record Stored(String key, String sha256) {
    }

    public final KeyPair registryKey = KeyPair.generate(GroupContext.p256());
    public final String token = "test-token-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    private final RegistrySchema schema = RegistrySchema.current();
    private final RecordVerifier verifier = new RecordVerifier(schema, registryKey.publicKey());
    private final HttpServer server;
    private final Map<String, Stored> index = new LinkedHashMap<>();
    /** The "records topic": latest submission per pseudonym/cohort key. */
    public final Map<String, RecordSubmission> records = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<String> erasures = Collections.synchronizedList(new ArrayList<>());
    public final Set<String> refuseRecordIds = Collections.synchronizedSet(new HashSet<>());
    private final Deque<Canned> canned = new ArrayDeque<>();
    public final AtomicInteger batchRequests = new AtomicInteger();

    public TestIntake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/registry", this::registry);
        server.createContext("/api/v1/records/batch", this::batch);
        server.createContext("/api/v1/records", this::single);
        server.createContext("/api/v1/patients/", this::erase);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next answers to record posts, before any processing (nothing is written). */
    public synchronized void enqueue(Canned... answers) {
        canned.addAll(Arrays.asList(answers));
    }

    public static Canned unavailable() {
        return new Canned(503, "application/problem+json", "{\"type\":\"https://rdregistry.org/problems/unavailable\","
                + "\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"broker unavailable; nothing was written\"}");
    }

    public synchronized int indexSize() {
        return index.size();
    }

    private void registry(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode schemaDoc;
            try (InputStream in = RegistrySchema.class.getResourceAsStream("/registry-schema/v1.json")) {
                schemaDoc = RegistryJson.mapper().readTree(in);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("schemaVersion", schema.version());
            body.put("schema", schemaDoc);
            body.put("registryKey", registryKey.publicKey());
            send(ex, 200, "application/json", RegistryJson.mapper().writeValueAsBytes(body));
        }
    }

    private synchronized void batch(HttpExchange ex) throws IOException {
        try (ex) {
            batchRequests.incrementAndGet();
            byte[] raw = ex.getRequestBody().readAllBytes();
            if (!preconditions(ex, "/api/v1/records/batch")) {
                return;
            }
            BatchRequest request;
            try {
                request = RegistryJson.mapper().readValue(raw, BatchRequest.class);
            } catch (JacksonException e) {
                problem(ex, 400, "bad-request", "Bad Request", "malformed JSON", List.of());
                return;
            }
            List<Map<String, String>> results = process(ex, request.records(), "records[%d].");
            if (results != null) {
                send(ex, 202, "application/json", RegistryJson.mapper().writeValueAsBytes(Map.of("results", results)));
            }
        }
    }

    private synchronized void single(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            if (!preconditions(ex, "/api/v1/records")) {
                return;
            }
            RecordSubmission s = RegistryJson.mapper().readValue(raw, RecordSubmission.class);
            List<Map<String, String>> results = process(ex, List.of(s), "");
            if (results != null) {
                send(ex, 202, "application/json", RegistryJson.mapper().writeValueAsBytes(results.get(0)));
            }
        }
    }

    private boolean preconditions(HttpExchange ex, String instance) throws IOException {
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            problem(ex, 401, "unauthorized", "Unauthorized", "a hospital token is required", List.of());
            return false;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            problem(ex, 405, "method-not-allowed", "Method Not Allowed", "use POST", List.of());
            return false;
        }
        Canned c = canned.poll();
        if (c != null) {
            send(ex, c.status(), c.contentType(), c.body().getBytes(StandardCharsets.UTF_8));
            return false;
        }
        return true;
    }

    /** Verifies, dedupes and writes all or nothing; answers the error itself and returns null on one. */
    private List<Map<String, String>> process(HttpExchange ex, List<RecordSubmission> batch, String prefix) throws IOException {
        List<Map<String, String>> errors = new ArrayList<>();
        for (RecordVerifier.Problem p : verifier.verifyAll(batch)) {
            errors.add(Map.of("field", String.format(prefix, p.recordIndex()) + p.field(), "reason", p.reason()));
        }
        for (int i = 0; i < batch.size(); i++) {
            if (refuseRecordIds.contains(batch.get(i).recordId())) {
                errors.add(Map.of("field", String.format(prefix, i) + "sex", "reason", "proof invalid (check Z.1)"));
            }
        }
        if (!errors.isEmpty()) {
            problem(ex, 422, "invalid-record", "Unprocessable Content", "a record failed the schema or a proof", errors);
            return null;
        }
        List<Map<String, String>> results = new ArrayList<>();
        List<RecordSubmission> fresh = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            RecordSubmission s = batch.get(i);
            Stored known = index.get(s.recordId());
            String sha = sha256(RegistryJson.mapper().writeValueAsBytes(s));
            if (known == null) {
                fresh.add(s);
                results.add(Map.of("recordId", s.recordId(), "status", "accepted"));
            } else if (known.sha256().equals(sha)) {
                results.add(Map.of("recordId", s.recordId(), "status", "duplicate"));
            } else {
                errors.add(Map.of("field", String.format(prefix, i) + "recordId",
                        "reason", "record " + s.recordId() + " was accepted before with a different body"));
            }
        }
        if (!errors.isEmpty()) {
            problem(ex, 409, "conflict", "Conflict", "a record id was accepted before with a different body", errors);
            return null;
        }
        for (RecordSubmission s : fresh) {
            index.put(s.recordId(), new Stored(s.key(), sha256(RegistryJson.mapper().writeValueAsBytes(s))));
            records.put(s.key(), s);
        }
        return results;
    }

    private void erase(HttpExchange ex) throws IOException {
        try (ex) {
            if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                problem(ex, 401, "unauthorized", "Unauthorized", "a hospital token is required", List.of());
                return;
            }
            String[] parts = ex.getRequestURI().getRawPath().split("/");
            // "", api, v1, patients, {pseudonym}, cohorts, {orphaCode}
            if (!"DELETE".equals(ex.getRequestMethod()) || parts.length != 7 || !"cohorts".equals(parts[5])) {
                problem(ex, 404, "not-found", "Not Found", "no such resource", List.of());
                return;
            }
            String key = parts[4] + "/" + URLDecoder.decode(parts[6], StandardCharsets.UTF_8);
            erasures.add(key);
            records.remove(key);
            send(ex, 202, "application/json", "{\"status\":\"erased\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void problem(HttpExchange ex, int status, String slug, String title, String detail,
                                List<Map<String, String>> errors) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "https://rdregistry.org/problems/" + slug);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", ex.getRequestURI().getPath());
        if (!errors.isEmpty()) {
            p.put("errors", errors);
        }
        send(ex, status, "application/problem+json", RegistryJson.mapper().writeValueAsBytes(p));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

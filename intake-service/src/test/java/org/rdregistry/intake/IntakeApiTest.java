package org.rdregistry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rdregistry.intake.TestRegistry.json;
import static org.rdregistry.intake.TestRegistry.record;
import static org.rdregistry.intake.TestRegistry.token;
import static org.rdregistry.intake.TestRegistry.withKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.devissuer.DevIssuer;
import org.rdregistry.intake.kafka.IndexEntry;
import org.rdregistry.intake.kafka.IntakeTopics;
import org.rdregistry.intake.kafka.RecordIndex;
import org.rdregistry.registry.events.EncryptedValue;
import org.rdregistry.registry.events.IntakeAttestation;
import org.rdregistry.registry.events.RecordEvent;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.rdregistry.registry.topics.CohortPartitioner;
import org.rdregistry.registry.topics.Topics;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The intake API against the real application context on a random port, the real test broker and real
 * crypto. Each test uses its own records (ids and pseudonyms), so test order does not matter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
class IntakeApiTest {

    static final String PREFIX = KafkaTestBroker.uniqueName("intake") + ".";
    static final long MAX_BODY = 512 * 1024;
    static final String HOSPITAL = token("hospital-a", "hospital");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestRegistry.properties(PREFIX, KafkaTestBroker.uniqueName("main"), MAX_BODY)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    WebTestClient client;
    @Autowired
    RecordIndex index;
    @Autowired
    IntakeTopics topics;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @BeforeEach
    void indexLoaded() {
        await().atMost(Duration.ofSeconds(60)).until(index::ready);
    }

    WebTestClient.ResponseSpec post(String path, String token, String body) {
        return client.post().uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    static JsonNode tree(byte[] body) {
        return RegistryJson.mapper().readTree(body);
    }

    /** Asserts an RFC 9457 problem with this status and slug; returns its body. */
    static JsonNode problem(WebTestClient.ResponseSpec response, int status, String slug) {
        byte[] body = response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();
        JsonNode p = tree(body);
        assertThat(p.get("type").asString()).isEqualTo("https://rdregistry.org/problems/" + slug);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asString()).isNotBlank();
        assertThat(p.get("detail").asString()).isNotBlank();
        assertThat(p.get("instance").asString()).startsWith("/");
        assertThat(p.get("errors").isArray()).isTrue();
        return p;
    }

    static List<String> fields(JsonNode problem) {
        return problem.get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }

    List<ConsumerRecord<String, String>> recordsWithKey(RecordSubmission s) {
        return withKey(topics.records(), s.key());
    }

    static RecordSubmission withField(RecordSubmission s, String field, EncryptedValue value) {
        Map<String, EncryptedValue> fields = new TreeMap<>(s.fields());
        fields.put(field, value);
        return new RecordSubmission(s.recordId(), s.pseudonym(), s.cohort(), s.schemaVersion(), s.contentDigest(), fields);
    }

    @Test
    void registryInfoIsPublic() {
        byte[] body = client.get().uri("/api/v1/registry").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        JsonNode info = tree(body);
        assertThat(info.get("schemaVersion").asString()).isEqualTo("1");
        assertThat(info.get("schema").get("fields").size()).isEqualTo(TestRegistry.SCHEMA.fields().size());
        PublicKey key = Wire.fromJson(info.get("registryKey").toString(), PublicKey.class);
        assertThat(key).isEqualTo(TestRegistry.REGISTRY_KEY.publicKey());
    }

    @Test
    void acceptedRecordLandsOnTheRecordsTopicAndAReplayWritesNothing() {
        RecordSubmission s = record("accept");
        byte[] first = post("/api/v1/records", HOSPITAL, json(s)).expectStatus().isAccepted()
                .expectBody().returnResult().getResponseBody();
        assertThat(tree(first).get("recordId").asString()).isEqualTo(s.recordId());
        assertThat(tree(first).get("status").asString()).isEqualTo("accepted");

        List<ConsumerRecord<String, String>> written = recordsWithKey(s);
        assertThat(written).hasSize(1);
        // on the cohort's partition, so that every reader sees one order of the cohort's records
        assertThat(written.get(0).partition())
                .isEqualTo(CohortPartitioner.partitionOf(s.cohort(), Topics.RECORDS.partitions()));
        RecordEvent event = RegistryJson.mapper().readValue(written.get(0).value(), RecordEvent.class);
        assertThat(event.hospitalId()).isEqualTo("hospital-a");
        assertThat(event.submission().recordId()).isEqualTo(s.recordId());
        assertThat(event.submission().key()).isEqualTo(s.key());
        assertThat(new RecordVerifier(TestRegistry.SCHEMA, TestRegistry.REGISTRY_KEY.publicKey()).verify(event.submission()))
                .isEmpty();
        // intake's attestation over the exact value bytes, which an aggregator with the same key accepts
        Header attestation = written.get(0).headers().lastHeader(IntakeAttestation.HEADER);
        assertThat(attestation).isNotNull();
        byte[] valueBytes = written.get(0).value().getBytes(StandardCharsets.UTF_8);
        assertThat(IntakeAttestation.fromFile(TestRegistry.ATTESTATION_KEY_FILE, TestRegistry.REGISTRY_KEY.publicKey(),
                        TestRegistry.SCHEMA.version())
                .verify(topics.records(), s.key(), valueBytes, attestation.value())).isTrue();
        assertThat(new IntakeAttestation(new byte[32], TestRegistry.REGISTRY_KEY.publicKey(), TestRegistry.SCHEMA.version()).verify(topics.records(), s.key(), valueBytes, attestation.value()))
                .isFalse();
        List<ConsumerRecord<String, String>> indexEntries = withKey(topics.recordIndex(), s.recordId());
        assertThat(indexEntries).hasSize(1);
        IndexEntry entry = RegistryJson.mapper().readValue(indexEntries.get(0).value(), IndexEntry.class);
        assertThat(entry.key()).isEqualTo(s.key());
        assertThat(entry.hospitalId()).isEqualTo("hospital-a");

        // the same record again, also with its fields in another order and pretty-printed: same answer, no write
        byte[] replay = post("/api/v1/records", HOSPITAL, json(s)).expectStatus().isAccepted()
                .expectBody().returnResult().getResponseBody();
        assertThat(replay).isEqualTo(first);
        ObjectNode reordered = (ObjectNode) tree(json(s).getBytes(StandardCharsets.UTF_8));
        ObjectNode fieldsReversed = reordered.objectNode();
        List<String> names = new java.util.ArrayList<>(s.fields().keySet());
        java.util.Collections.reverse(names);
        names.forEach(n -> fieldsReversed.set(n, reordered.get("fields").get(n)));
        reordered.set("fields", fieldsReversed);
        post("/api/v1/records", HOSPITAL, reordered.toPrettyString()).expectStatus().isAccepted();
        assertThat(recordsWithKey(s)).hasSize(1);
        assertThat(withKey(topics.recordIndex(), s.recordId())).hasSize(1);
    }

    /** A patient's values go A, B, then back to A: the third submission is an update, not a replay. */
    @Test
    void returningToAnEarlierVersionIsWrittenAgain() {
        RecordSubmission a = record("flip-a");
        RecordSubmission b = TestRegistry.version(a, "flip-b");
        post("/api/v1/records", HOSPITAL, json(a)).expectStatus().isAccepted();
        post("/api/v1/records", HOSPITAL, json(b)).expectStatus().isAccepted();
        post("/api/v1/records", HOSPITAL, json(TestRegistry.reEncrypted("flip-a"))).expectStatus().isAccepted();
        List<ConsumerRecord<String, String>> written = recordsWithKey(a);
        assertThat(written).hasSize(3);
        assertThat(RegistryJson.mapper().readValue(written.get(2).value(), RecordEvent.class).submission().recordId())
                .isEqualTo(a.recordId());
        // and only the current version stays in the index
        assertThat(withKey(topics.recordIndex(), b.recordId()).get(withKey(topics.recordIndex(), b.recordId()).size() - 1)
                .value()).isNull();
    }

    @Test
    void reEncryptedReplayOfTheSameContentIsAnsweredTheSameAndWritesNothing() {
        RecordSubmission s = record("replay-reencrypted");
        post("/api/v1/records", HOSPITAL, json(s)).expectStatus().isAccepted();
        // a re-run of the same CSV row: same record id and content digest, fresh ciphertexts
        RecordSubmission again = TestRegistry.reEncrypted("replay-reencrypted");
        assertThat(again.fields().get("sex")).isNotEqualTo(s.fields().get("sex"));
        post("/api/v1/records", HOSPITAL, json(again)).expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("accepted");
        assertThat(recordsWithKey(s)).hasSize(1);
    }

    @Test
    void sameIdWithAnotherBodyIsAConflictAndWritesNothing() {
        RecordSubmission s = record("conflict");
        post("/api/v1/records", HOSPITAL, json(s)).expectStatus().isAccepted();
        RecordSubmission other = TestRegistry.otherBody(s);

        JsonNode p = problem(post("/api/v1/records", HOSPITAL, json(other)), 409, "record-conflict");
        // the same record id and content from another hospital is not a replay either
        problem(post("/api/v1/records", token("hospital-b", "hospital"), json(s)), 409, "record-conflict");
        assertThat(p.get("detail").asString()).contains(s.recordId());
        assertThat(fields(p)).containsExactly("recordId");
        List<ConsumerRecord<String, String>> written = recordsWithKey(s);
        assertThat(written).hasSize(1);
        assertThat(RegistryJson.mapper().readValue(written.get(0).value(), RecordEvent.class).submission().fields().get("sex"))
                .isEqualTo(s.fields().get("sex"));
    }

    @Test
    void aProofCopiedFromAnotherRecordIsRejectedNamingTheField() {
        RecordSubmission s = record("rejected");
        RecordSubmission tampered = withField(s, "sex", record("accept").fields().get("sex"));
        JsonNode p = problem(post("/api/v1/records", HOSPITAL, json(tampered)), 422, "invalid-record");
        assertThat(fields(p)).containsExactly("fields.sex");
        assertThat(p.get("errors").get(0).get("reason").asString()).contains("proof invalid");
        assertThat(p.toString()).doesNotContain(json(s.fields().get("sex")).substring(20, 60));
        assertThat(recordsWithKey(s)).isEmpty();
        assertThat(withKey(topics.recordIndex(), s.recordId())).isEmpty();
    }

    @Test
    void schemaViolationsAre422() {
        RecordSubmission s = record("rejected");
        RecordSubmission unknownField = withField(s, "favouriteColour", s.fields().get("sex"));
        JsonNode p = problem(post("/api/v1/records", HOSPITAL, json(unknownField)), 422, "invalid-record");
        assertThat(fields(p)).containsExactly("fields.favouriteColour");

        RecordSubmission wrongVersion = new RecordSubmission(s.recordId(), s.pseudonym(), s.cohort(), "2", s.contentDigest(),
                s.fields());
        p = problem(post("/api/v1/records", HOSPITAL, json(wrongVersion)), 422, "invalid-record");
        assertThat(fields(p)).containsExactly("schemaVersion");

        ObjectNode extra = (ObjectNode) tree(json(s).getBytes(StandardCharsets.UTF_8));
        extra.put("hospitalId", "hospital-z");
        p = problem(post("/api/v1/records", HOSPITAL, extra.toString()), 422, "invalid-record");
        assertThat(fields(p)).containsExactly("hospitalId");

        ObjectNode missing = (ObjectNode) tree(json(s).getBytes(StandardCharsets.UTF_8));
        missing.remove("pseudonym");
        p = problem(post("/api/v1/records", HOSPITAL, missing.toString()), 422, "invalid-record");
        assertThat(fields(p)).containsExactly("pseudonym");
        assertThat(recordsWithKey(s)).isEmpty();
    }

    @Test
    void malformedJsonAndBadEncodingsAre400() {
        JsonNode p = problem(post("/api/v1/records", HOSPITAL, "{\"recordId\": \"abc\", "), 400, "malformed-json");
        assertThat(p.get("errors").get(0).get("reason").asString()).contains("malformed JSON");

        RecordSubmission s = record("rejected");
        ObjectNode body = (ObjectNode) tree(json(s).getBytes(StandardCharsets.UTF_8));
        ObjectNode sex = (ObjectNode) body.get("fields").get("sex");
        String firstString = sex.propertyStream().filter(e -> e.getValue().isObject()).findFirst().orElseThrow().getKey();
        corruptFirstString((ObjectNode) sex.get(firstString));
        p = problem(post("/api/v1/records", HOSPITAL, body.toString()), 400, "malformed-json");
        assertThat(fields(p).get(0)).startsWith("fields.sex");
        assertThat(p.get("errors").get(0).get("reason").asString()).startsWith("bad encoding: W.");

        p = problem(post("/api/v1/records", HOSPITAL, "[1, 2]"), 400, "malformed-json");
        assertThat(fields(p)).containsExactly("$");
        assertThat(recordsWithKey(s)).isEmpty();
    }

    private static void corruptFirstString(ObjectNode node) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isString() && e.getValue().asString().length() > 8) {
                node.put(e.getKey(), "AAAA" + e.getValue().asString().substring(4).replace('A', 'B').replace('g', '!'));
                return;
            }
            if (e.getValue().isObject()) {
                corruptFirstString((ObjectNode) e.getValue());
                return;
            }
        }
        throw new AssertionError("no string to corrupt");
    }

    @Test
    void oversizedBodiesAre413WithOrWithoutContentLength() {
        String big = "{\"pad\": \"" + "x".repeat((int) MAX_BODY) + "\"}";
        problem(post("/api/v1/records", HOSPITAL, big), 413, "content-too-large");

        // chunked: no Content-Length, refused once the bytes received pass the limit
        Flux<DataBuffer> chunks = Flux.range(0, 64).map(i -> DefaultDataBufferFactory.sharedInstance
                .wrap(("x".repeat(16 * 1024)).getBytes(StandardCharsets.US_ASCII)));
        problem(client.post().uri("/api/v1/records/batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL)
                .contentType(MediaType.APPLICATION_JSON)
                .body(chunks, DataBuffer.class)
                .exchange(), 413, "content-too-large");
    }

    @Test
    void authenticationAndRoles() {
        WebTestClient.ResponseSpec noToken = client.post().uri("/api/v1/records").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange();
        noToken.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        problem(noToken, 401, "unauthorized");

        String foreign = DevIssuer.generate().mint("hospital-a", List.of("hospital"), Duration.ofMinutes(5));
        WebTestClient.ResponseSpec badToken = post("/api/v1/records", foreign, "{}");
        badToken.expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).contains("invalid_token"));
        problem(badToken, 401, "unauthorized");

        problem(post("/api/v1/records", token("lab-1", "researcher"), "{}"), 403, "forbidden");
        problem(client.delete().uri("/api/v1/patients/{p}/cohorts/{c}", TestRegistry.pseudonym(), "ORPHA:558")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token("lab-1", "researcher")).exchange(), 403, "forbidden");
    }

    @Test
    void routingErrorsAreProblemsToo() {
        problem(client.get().uri("/api/v1/nothing-here").header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL).exchange(),
                404, "not-found");
        WebTestClient.ResponseSpec get = client.get().uri("/api/v1/records")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL).exchange();
        get.expectHeader().value(HttpHeaders.ALLOW, v -> assertThat(v).contains("POST"));
        problem(get, 405, "method-not-allowed");
        problem(client.post().uri("/api/v1/records").header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL)
                .contentType(MediaType.TEXT_PLAIN).bodyValue("hello").exchange(), 415, "unsupported-media-type");
        problem(client.delete().uri("/api/v1/patients/{p}/cohorts/{c}", "not-a-pseudonym", "ORPHA:558")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL).exchange(), 400, "bad-request");
    }

    @Test
    void aBatchIsAllOrNothing() {
        RecordSubmission a = record("batch-a");
        RecordSubmission b = record("batch-b");
        RecordSubmission bad = withField(record("rejected"), "region", a.fields().get("region"));

        JsonNode p = problem(post("/api/v1/records/batch", HOSPITAL, json(Map.of("records", List.of(a, bad, b)))),
                422, "invalid-record");
        assertThat(fields(p)).containsExactly("records[1].fields.region");
        assertThat(recordsWithKey(a)).isEmpty();
        assertThat(recordsWithKey(b)).isEmpty();

        // an id reused with another body anywhere in the batch: 409, nothing written
        post("/api/v1/records", HOSPITAL, json(record("batch-old"))).expectStatus().isAccepted();
        RecordSubmission reused = TestRegistry.otherBody(record("batch-old"));
        p = problem(post("/api/v1/records/batch", HOSPITAL, json(Map.of("records", List.of(a, reused)))), 409, "record-conflict");
        assertThat(fields(p)).containsExactly("records[1].recordId");
        assertThat(recordsWithKey(a)).isEmpty();

        byte[] ok = post("/api/v1/records/batch", HOSPITAL, json(Map.of("records", List.of(a, b, record("batch-old")))))
                .expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
        JsonNode results = tree(ok).get("results");
        assertThat(results.valueStream().map(r -> r.get("recordId").asString() + "=" + r.get("status").asString()))
                .containsExactly(a.recordId() + "=accepted", b.recordId() + "=accepted", record("batch-old").recordId() + "=duplicate");
        assertThat(recordsWithKey(a)).hasSize(1);
        assertThat(recordsWithKey(b)).hasSize(1);
        assertThat(recordsWithKey(record("batch-old"))).hasSize(1);

        problem(post("/api/v1/records/batch", HOSPITAL, "{\"records\": []}"), 422, "invalid-record");
    }

    @Test
    void erasureWritesTombstonesAndForgetsTheIndexEntries() {
        RecordSubmission s = record("erase");
        post("/api/v1/records", HOSPITAL, json(s)).expectStatus().isAccepted();

        byte[] body = client.delete().uri("/api/v1/patients/{p}/cohorts/{c}", s.pseudonym(), "ORPHA:558")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL).exchange()
                .expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
        assertThat(tree(body).get("status").asString()).isEqualTo("erased");
        List<ConsumerRecord<String, String>> records = recordsWithKey(s);
        assertThat(records).hasSize(2);
        assertThat(records.get(1).value()).isNull();
        List<ConsumerRecord<String, String>> entries = withKey(topics.recordIndex(), s.recordId());
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).value()).isNull();
        assertThat(index.get(s.recordId())).isEmpty();

        // erasing an unknown patient is also 202 and writes only a tombstone
        client.delete().uri(java.net.URI.create("http://localhost:" + port + "/api/v1/patients/"
                        + TestRegistry.pseudonym() + "/cohorts/ORPHA%3A558"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL).exchange().expectStatus().isAccepted();
    }

    @Test
    void theIndexSurvivesARestart() {
        RecordSubmission s = record("accept");     // accepted here or earlier: either way a 202
        post("/api/v1/records", HOSPITAL, json(s)).expectStatus().isAccepted();

        Map<String, Object> props = TestRegistry.properties(PREFIX, KafkaTestBroker.uniqueName("second"), MAX_BODY);
        props.put("server.port", "0");
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(IntakeApplication.class)
                .run(TestRegistry.args(props))) {
            RecordIndex secondIndex = second.getBean(RecordIndex.class);
            await().atMost(Duration.ofSeconds(60)).until(secondIndex::ready);
            WebTestClient other = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + second.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(Duration.ofSeconds(60)).build();
            other.post().uri("/api/v1/records").header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(json(s)).exchange()
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.status").isEqualTo("accepted");
            problem(other.post().uri("/api/v1/records").header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(json(TestRegistry.otherBody(s))).exchange(),
                    409, "record-conflict");
        }
        assertThat(recordsWithKey(s)).hasSize(1);
    }

    @Test
    void healthAndPrometheus() {
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        post("/api/v1/records", HOSPITAL, "not json").expectStatus().isBadRequest();

        String metrics = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("intake_records_accepted_total", "intake_records_duplicate_total",
                "intake_proof_verification_seconds_count", "intake_records_rejected_total{reason=\"invalid-record\"");
        double malformed = metrics.lines().filter(l -> l.startsWith("intake_records_rejected_total{reason=\"malformed-json\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(malformed).isGreaterThanOrEqualTo(1.0);
    }
}

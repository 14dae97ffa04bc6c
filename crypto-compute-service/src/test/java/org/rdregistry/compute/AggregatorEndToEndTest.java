package org.rdregistry.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.COHORT_B;
import static org.rdregistry.compute.TestRegistry.patient;
import static org.rdregistry.compute.TestRegistry.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.compute.consult.ConsultFixtures;
import org.rdregistry.compute.consult.ConsultFixtures.Consultation;
import org.rdregistry.compute.consult.trustee.KeySwitchRequestListener;
import org.rdregistry.registry.consult.ScoreSet;
import org.rdregistry.compute.streams.JsonSerde;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.IntakeAttestation;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.rdregistry.testsupport.kafka.SpringKafkaTestProperties;
import org.rdregistry.registry.topics.CohortPartitioner;
import org.rdregistry.compute.trustee.AggregateHistory;
import org.rdregistry.compute.trustee.ReleaseRequestListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The whole service against the real broker: the Spring Boot application creates its topics and
 * runs the Streams topology (exactly_once_v2); a plain producer writes encrypted records, updates, a
 * duplicate, an invalid record and erasures; the aggregates topic, read with read_committed, decrypts
 * to the plaintext truth. Some entries carry intake's attestation (the aggregator is given its key):
 * those are not verified a second time, one with a stranger's attestation is. Health and Prometheus
 * over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@AutoConfigureMetrics
@DirtiesContext   // stop the Streams client when this class is done, before the broker goes away
class AggregatorEndToEndTest {

    static final String RECORDS = KafkaTestBroker.uniqueName("records");
    static final String AGGREGATES = KafkaTestBroker.uniqueName("aggregates");
    static final String APPLICATION_ID = KafkaTestBroker.uniqueName("compute");
    static final String INSTANCE_ID = KafkaTestBroker.uniqueName("instance");
    static final String CONSULT_PREFIX = KafkaTestBroker.uniqueName("e2e") + ".";
    static final Path WORK_DIR = workDir();
    static final byte[] KEY_BYTES = randomKey();
    static final IntakeAttestation INTAKE = new IntakeAttestation(KEY_BYTES, TestRegistry.DEALER_KEY.publicKey(), TestRegistry.SCHEMA.version());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        SpringKafkaTestProperties.register(registry);
        Path keyFile = WORK_DIR.resolve("registry-key.json");
        Files.writeString(keyFile, Wire.toJson(TestRegistry.DEALER_KEY.publicKey()));
        registry.add("registry.key-file", keyFile::toString);
        registry.add("compute.application-id", () -> APPLICATION_ID);
        registry.add("compute.state-dir", () -> WORK_DIR.resolve("state").toString());
        registry.add("compute.records-topic", () -> RECORDS);
        registry.add("compute.aggregates-topic", () -> AGGREGATES);
        registry.add("compute.instance-id", () -> INSTANCE_ID);
        registry.add("consult.topic-prefix", () -> CONSULT_PREFIX);
        Path attestationKey = WORK_DIR.resolve("intake-attestation.key");
        Files.writeString(attestationKey, Base64.getEncoder().encodeToString(KEY_BYTES));
        registry.add("compute.aggregator.intake-attestation-key-file", attestationKey::toString);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationContext context;

    @Test
    void onlyTheAggregatorRoleIsRunning() {
        assertThat(context.containsBean("aggregatorStream")).isTrue();
        assertThat(context.getBeansOfType(ReleaseRequestListener.class)).isEmpty();
        assertThat(context.getBeansOfType(AggregateHistory.class)).isEmpty();
        assertThat(context.containsBean("trusteeStream")).isFalse();
        assertThat(context.containsBean("scorerStream")).isTrue();
        assertThat(context.getBeansOfType(KeySwitchRequestListener.class)).isEmpty();
    }

    @Test
    void theScorerPublishesScoresThatDecryptToThePointsAndTombstonesPurgedOnes() throws Exception {
        KafkaTestBroker kafka = KafkaTestBroker.get();
        String cases = CONSULT_PREFIX + Topics.CONSULT_CASES.name();
        String scores = CONSULT_PREFIX + Topics.CONSULT_SCORES.name();
        Map<String, TopicDescription> topics = kafka.admin().describeTopics(List.of(cases, scores)).allTopicNames().get();
        assertThat(topics.get(cases).partitions()).hasSize(Topics.CONSULT_CASES.partitions());
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, cases);
        var config = kafka.admin().describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("segment.ms").value()).isEqualTo(Topics.CONSULT_BOUNDED.get("segment.ms"));
        awaitReadiness();

        Consultation c = ConsultFixtures.consultation(2, ConsultFixtures.CHA, ConsultFixtures.PUBLISHED);
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(CONSULT_PREFIX + Topics.CONSULT_MODELS.name(),
                    ConsultFixtures.PUBLISHED.ref().toString(), ConsultFixtures.json(ConsultFixtures.PUBLISHED))).get();
            producer.send(new ProducerRecord<>(cases, c.id(), ConsultFixtures.json(c.submitted()))).get();
            producer.send(new ProducerRecord<>(cases, c.id(), null)).get();
        }
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            consumer.subscribe(List.of(scores));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= 2;
            });
        }
        assertThat(out).extracting(ConsumerRecord::key).containsExactly(c.id(), c.id());
        ScoreSet set = new JsonSerde<>(ScoreSet.class).deserializer().deserialize(scores, out.get(0).value());
        assertThat(TestRegistry.decrypt(set.scores().get(0).score())).isEqualTo(c.points(ConsultFixtures.CHA));
        assertThat(TestRegistry.decrypt(set.scores().get(1).score())).isEqualTo(c.points(ConsultFixtures.PUBLISHED));
        assertThat(out.get(1).value()).as("the purge tombstones the scores").isNull();
        String prometheus = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus)
                .contains("consult_scorer_scored_total 1.0")
                .contains("consult_scorer_rejected_total{reason=\"invalid-submission\"} 0.0")
                .contains("consult_scorer_scoring_seconds_count 1");
    }

    @Test
    void aggregatesOnTheBrokerDecryptToThePlaintextTruth() throws Exception {
        KafkaTestBroker kafka = KafkaTestBroker.get();
        assertTopicsWereCreatedFromTheRegistry(kafka);
        awaitReadiness();
        assertStaticMembership(kafka);

        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        Patient a3 = patient("a3", COHORT_A);
        Patient a1v2 = update(a1, "a1v2");
        Patient b1 = patient("b1", COHORT_B);
        Patient b2 = patient("b2", COHORT_B);
        Map<String, Map<Integer, Long>> expectedPositions = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            applied(expectedPositions, COHORT_A, send(producer, a1.key(), a1.event()));
            applied(expectedPositions, COHORT_A, send(producer, a2.key(), a2.event(), INTAKE));   // attested
            applied(expectedPositions, COHORT_B, send(producer, b1.key(), b1.event(), INTAKE));   // attested
            applied(expectedPositions, COHORT_A, send(producer, a3.key(), a3.event()));
            send(producer, a1.key(), a1.event());                                   // duplicate
            applied(expectedPositions, COHORT_A, send(producer, a1v2.key(), a1v2.event()));  // update
            applied(expectedPositions, COHORT_B, send(producer, b2.key(), b2.event()));
            send(producer, b2.key(), TestRegistry.event(TestRegistry.withFieldsOf(b2.submission(),
                    TestRegistry.recordId("forged-b2"), a3.submission())),
                    new IntakeAttestation(randomKey(), TestRegistry.DEALER_KEY.publicKey(), TestRegistry.SCHEMA.version()));                            // invalid proofs, stranger's attestation
            applied(expectedPositions, COHORT_A, send(producer, a2.key(), null));   // erasure
            send(producer, Topics.recordKey("n".repeat(43), COHORT_B), null);       // erasure of nobody
        }

        Map<String, CohortAggregate> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            consumer.subscribe(List.of(AGGREGATES));
            JsonSerde<CohortAggregate> serde = new JsonSerde<>(CohortAggregate.class);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.key(), serde.deserializer().deserialize(AGGREGATES, r.value()));
                }
                assertThat(counter("compute.records.duplicates")).isEqualTo(1);
                assertThat(counter("compute.records.rejected", "reason", "invalid-proof")).isEqualTo(1);
                assertThat(counter("compute.records.erased", "outcome", "unknown-key")).isEqualTo(1);
                assertThat(latest.keySet()).containsExactlyInAnyOrder(COHORT_A, COHORT_B);
                assertThat(latest.get(COHORT_A).position()).isEqualTo(expectedPositions.get(COHORT_A));
                assertThat(latest.get(COHORT_B).position()).isEqualTo(expectedPositions.get(COHORT_B));
            });
        }
        // every entry has been processed and every applied one is covered: the aggregates must be exact
        TestRegistry.assertDecryptsTo(latest.get(COHORT_A), List.of(a1v2.plaintext(), a3.plaintext()));
        TestRegistry.assertDecryptsTo(latest.get(COHORT_B), List.of(b1.plaintext(), b2.plaintext()));
        assertThat(counter("compute.records.verified")).isEqualTo(6);
        assertThat(counter("compute.records.attested")).isEqualTo(2);
        assertThat(counter("compute.records.erased", "outcome", "applied")).isEqualTo(1);

        String prometheus = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus)
                .contains("compute_records_verified_total 6.0")
                .contains("compute_records_rejected_total{reason=\"invalid-proof\"} 1.0")
                .contains("compute_records_rejected_total{reason=\"malformed\"} 0.0")
                .contains("compute_records_duplicates_total 1.0")
                .contains("compute_records_erased_total{outcome=\"applied\"} 1.0")
                .contains("compute_records_attested_total 2.0")
                .contains("compute_proof_verification_seconds_count 5")
                // published every compute.aggregator.publish-interval (500 ms): the latest state of each updated
                // cohort, so between 2 (both cohorts once) and 7 (every applied entry) aggregates
                .containsPattern("(?m)^compute_aggregates_emitted_total [2-7]\\.0$")
                .containsPattern("(?m)^compute_aggregation_lag_seconds_count [2-7]$")
                .containsPattern("(?m)^kafka_stream_\\w+");
    }

    private void awaitReadiness() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                http.get().uri("/actuator/health/readiness").exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.status").isEqualTo("UP")
                        .jsonPath("$.components.kafkaStreams.status").isEqualTo("UP")
                        .jsonPath("$.components.kafkaBroker.status").isEqualTo("UP"));
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    private static void assertStaticMembership(KafkaTestBroker kafka) throws Exception {
        var group = kafka.admin().describeConsumerGroups(List.of(APPLICATION_ID)).all().get().get(APPLICATION_ID);
        assertThat(group.members()).isNotEmpty().allSatisfy(m ->
                assertThat(m.groupInstanceId()).hasValueSatisfying(id -> assertThat(id).startsWith(INSTANCE_ID)));
    }

    private static void assertTopicsWereCreatedFromTheRegistry(KafkaTestBroker kafka) throws Exception {
        Map<String, TopicDescription> topics = kafka.admin().describeTopics(List.of(RECORDS, AGGREGATES))
                .allTopicNames().get();
        assertThat(topics.get(RECORDS).partitions()).hasSize(Topics.RECORDS.partitions());
        assertThat(topics.get(AGGREGATES).partitions()).hasSize(Topics.AGGREGATES.partitions());
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, RECORDS);
        var config = kafka.admin().describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config.get("max.compaction.lag.ms").value()).isEqualTo(Topics.RECORDS.configs().get("max.compaction.lag.ms"));
    }

    private static void applied(Map<String, Map<Integer, Long>> positions, String cohort, RecordMetadata m) {
        positions.computeIfAbsent(cohort, c -> new TreeMap<>()).merge(m.partition(), m.offset() + 1, Math::max);
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(RECORDS, key, value)).get();
    }

    /** As intake sends a record it verified: with its attestation header. */
    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String key, byte[] value,
                                       IntakeAttestation by) throws Exception {
        ProducerRecord<String, byte[]> entry = new ProducerRecord<>(RECORDS, key, value);
        entry.headers().add(IntakeAttestation.HEADER, by.attest(RECORDS, key, value));
        return producer.send(entry).get();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTestBroker kafka) {
        Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, CohortPartitioner.class);   // as intake does
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaTestBroker kafka) {
        Map<String, Object> props = kafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaTestBroker.uniqueName("aggregates-reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Path workDir() {
        // under target/, not the OS temp dir: the Streams state outlives the test methods until the context closes
        try {
            return Files.createDirectories(Path.of("target", "e2e", KafkaTestBroker.uniqueName("aggregator")))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.rdregistry.compute.trustee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.COHORT_B;
import static org.rdregistry.compute.TestRegistry.DEAL;
import static org.rdregistry.compute.trustee.TrusteeFixtures.LAYOUT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.compute.TestRegistry;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.compute.consult.ConsultFixtures;
import org.rdregistry.compute.consult.ConsultFixtures.Consultation;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.release.TrusteeMessage.DecryptionShares;
import org.rdregistry.registry.release.TrusteeMessage.NoiseContribution;
import org.rdregistry.registry.release.TrusteeMessage.Reason;
import org.rdregistry.registry.topics.CohortPartitioner;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.rdregistry.testsupport.kafka.SpringKafkaTestProperties;
import org.rdregistry.trustee.keystore.Passphrase;
import org.rdregistry.trustee.keystore.TrusteeShareFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Trustee 1 of the dealt 2-of-3 key as the real application (compute.role=trustee) against the real
 * broker: encrypted records go to the records topic, and a test-only "stats" client sends release
 * requests and reads the trustee's answers. Trustee 2's part (noise, shares) is computed in the test
 * from its dealt share; the shares of both combine to the plaintext truth (plus the noise).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "compute.role=trustee",
        "trustee.index=1",
        "trustee.min-cohort-records=3",
        "trustee.allow-no-noise=true",
        "trustee.position-wait=1s"})
@AutoConfigureWebTestClient
@AutoConfigureMetrics
@DirtiesContext   // stop the Streams client and the listener before the broker goes away
class TrusteeEndToEndTest {

    static final String RECORDS = KafkaTestBroker.uniqueName("records");
    static final String AGGREGATES = KafkaTestBroker.uniqueName("aggregates");
    static final String REQUESTS = KafkaTestBroker.uniqueName("release-requests");
    static final String MESSAGES = KafkaTestBroker.uniqueName("trustee-messages");
    static final String CONSULT_PREFIX = KafkaTestBroker.uniqueName("e2e") + ".";
    static final Path WORK_DIR = workDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        SpringKafkaTestProperties.register(registry);
        Path keyFile = WORK_DIR.resolve("registry-key.json");
        Files.writeString(keyFile, Wire.toJson(DEAL.jointKey().publicKey()));
        registry.add("registry.key-file", keyFile::toString);
        // trustee 1's dealt share in the ceremony's encrypted share-file format; the passphrase from the
        // environment (the IT uses a passphrase file)
        String passphrase = "e2e passphrase " + KafkaTestBroker.uniqueName("p");
        Path shareFile = WORK_DIR.resolve("share-1.json");
        TrusteeShareFile.write(shareFile, DEAL.share(1), passphrase.toCharArray());
        registry.add("trustee.share-file", shareFile::toString);
        registry.add(Passphrase.ENV, () -> passphrase);
        registry.add("compute.application-id", () -> KafkaTestBroker.uniqueName("registry-trustee-1"));
        registry.add("compute.state-dir", () -> WORK_DIR.resolve("state").toString());
        registry.add("compute.records-topic", () -> RECORDS);
        registry.add("compute.aggregates-topic", () -> AGGREGATES);
        registry.add("trustee.requests-topic", () -> REQUESTS);
        registry.add("trustee.messages-topic", () -> MESSAGES);
        registry.add("consult.topic-prefix", () -> CONSULT_PREFIX);
        // an aggregator option set on a trustee by mistake: the trustee must still verify every record
        Path attestationKey = WORK_DIR.resolve("intake-attestation.key");
        Files.writeString(attestationKey, java.util.Base64.getEncoder().encodeToString(new byte[32]));
        registry.add("compute.aggregator.intake-attestation-key-file", attestationKey::toString);
    }

    static KafkaProducer<String, byte[]> producer;
    static KafkaConsumer<String, byte[]> answers;

    @Autowired
    WebTestClient http;

    @Autowired
    AggregateHistory history;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void clients() {
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, CohortPartitioner.class);   // as intake does
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
        if (answers != null) {
            answers.close();
        }
    }

    @Test
    void theTrusteeAnswersOnlyReleasesOfItsOwnAggregates() throws Exception {
        awaitReadiness();
        List<Patient> a = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            a.add(TestRegistry.patient("tee-a" + i, COHORT_A));
        }
        List<Patient> b = List.of(TestRegistry.patient("tee-b0", COHORT_B), TestRegistry.patient("tee-b1", COHORT_B));
        Map<Integer, Long> positionA = null;
        Map<Integer, Long> positionB = null;
        for (Patient p : a) {
            positionA = send(p);
        }
        for (Patient p : b) {
            positionB = send(p);
        }
        CohortAggregate stateA = awaitOwnState(COHORT_A, positionA);
        awaitOwnState(COHORT_B, positionB);
        answers = answersConsumer();

        // noise off (allowed here): trustee 1's shares and trustee 2's combine to the truth exactly
        List<Ciphertext> aggregateA = LAYOUT.ciphertexts(TrusteeFixtures.aggregate(COHORT_A, a));
        assertThat(LAYOUT.ciphertexts(stateA)).as("the trustee recomputed the same ciphertexts").isEqualTo(aggregateA);
        NoiseContribution none1 = ask(new ReleaseRequest.Noise("r-exact", COHORT_A, "1", positionA, aggregateA,
                NoiseParameters.none(), System.currentTimeMillis()), NoiseContribution.class);
        NoiseContribution none2 = new NoiseContribution("r-exact", 2, List.of(), List.of());
        ReleaseRequest.Decrypt exact = new ReleaseRequest.Decrypt("r-exact", COHORT_A, positionA, List.of(none1, none2));
        DecryptionShares exact1 = ask(exact, DecryptionShares.class);
        assertThat(TrusteeFixtures.combine("r-exact", COHORT_A, aggregateA, List.of(none1, none2),
                List.of(exact1, trustee2Shares(exact, aggregateA))))
                .isEqualTo(TrusteeFixtures.truth(plaintexts(a)));
        // each aggregate state is decrypted at most once
        assertRefusal(ask(new ReleaseRequest.Decrypt("r-exact", COHORT_A, positionA,
                List.of(none1, new NoiseContribution("r-exact", 3, List.of(), List.of())))), Reason.ALREADY_RELEASED);
        assertRefusal(ask(new ReleaseRequest.Noise("r-again", COHORT_A, "1", positionA, aggregateA, NoiseParameters.none(),
                0)), Reason.ALREADY_RELEASED);

        // a new record: a new state, released with Gaussian noise
        a.add(TestRegistry.patient("tee-a4", COHORT_A));
        positionA = send(a.get(4));
        aggregateA = LAYOUT.ciphertexts(TrusteeFixtures.aggregate(COHORT_A, a));
        ReleaseRequest.Noise noisy = new ReleaseRequest.Noise("r-noisy", COHORT_A, "1", positionA, aggregateA,
                NoiseParameters.gaussian(Rational.of(1)), System.currentTimeMillis());
        NoiseContribution n1 = ask(noisy, NoiseContribution.class);   // waits for its own recomputation of a4
        NoiseContribution n2 = new NoiseMaker(DEAL.jointKey().publicKey(), LAYOUT, 2)
                .contribute("r-noisy", COHORT_A, noisy.noise());
        NoiseContribution n3 = new NoiseMaker(DEAL.jointKey().publicKey(), LAYOUT, 3)
                .contribute("r-noisy", COHORT_A, noisy.noise());
        // sets without trustee 1's noise, or cancelling it under trustee 2's name, are refused
        assertRefusal(ask(new ReleaseRequest.Decrypt("r-noisy", COHORT_A, positionA, List.of(n2, n3))), Reason.BAD_NOISE_SET);
        NoiseContribution cancel = new NoiseContribution("r-noisy", 2,
                n1.noise().stream().map(c -> c.negate().normalize()).toList(), n2.proofs());
        assertRefusal(ask(new ReleaseRequest.Decrypt("r-noisy", COHORT_A, positionA, List.of(n1, cancel))),
                Reason.BAD_NOISE_SET);
        ReleaseRequest.Decrypt decrypt = new ReleaseRequest.Decrypt("r-noisy", COHORT_A, positionA, List.of(n1, n2));
        DecryptionShares s1 = ask(decrypt, DecryptionShares.class);
        assertThat(TrusteeFixtures.combine("r-noisy", COHORT_A, aggregateA, List.of(n1, n2),
                List.of(s1, trustee2Shares(decrypt, aggregateA))))
                .isEqualTo(TrusteeFixtures.plus(TrusteeFixtures.truth(plaintexts(a)),
                        List.of(TrusteeFixtures.noiseValues(n1), TrusteeFixtures.noiseValues(n2))));
        assertRefusal(ask(new ReleaseRequest.Decrypt("r-noisy", COHORT_A, positionA, List.of(n1, n3))),
                Reason.ALREADY_RELEASED);

        // what is not its own current aggregate of enough records is refused
        List<Ciphertext> single = LAYOUT.ciphertexts(TrusteeFixtures.aggregate(COHORT_A, a.subList(4, 5)));
        assertRefusal(ask(new ReleaseRequest.Noise("r-single", COHORT_A, "1", positionA, single,
                NoiseParameters.none(), 0)), Reason.AGGREGATE_MISMATCH);
        List<Ciphertext> modified = new ArrayList<>(aggregateA);
        modified.set(0, modified.get(0).add(single.get(0)).normalize());
        assertRefusal(ask(new ReleaseRequest.Noise("r-modified", COHORT_A, "1", positionA, modified,
                NoiseParameters.none(), 0)), Reason.AGGREGATE_MISMATCH);
        int partitionA = positionA.keySet().iterator().next();
        assertRefusal(ask(new ReleaseRequest.Noise("r-ahead", COHORT_A, "1",
                Map.of(partitionA, positionA.get(partitionA) + 100), aggregateA, NoiseParameters.none(), 0)),
                Reason.UNKNOWN_POSITION);
        List<Ciphertext> aggregateB = LAYOUT.ciphertexts(TrusteeFixtures.aggregate(COHORT_B, b));
        assertRefusal(ask(new ReleaseRequest.Noise("r-small", COHORT_B, "1", positionB, aggregateB,
                NoiseParameters.none(), 0)), Reason.COHORT_TOO_SMALL);

        assertMetricsAndNoAggregatesTopic();
    }

    @Test
    void theTrusteeKeySwitchesAConsultationsScoresToThePatientWithItsOwnShare() throws Exception {
        awaitReadiness();
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.consultKeySwitch.status").isEqualTo("UP");
        Consultation c = ConsultFixtures.consultation(1, ConsultFixtures.CHA);
        Ciphertext score = ScoreEvaluator.score(TestRegistry.GROUP, ConsultFixtures.CHA,
                c.submission().models().get(0).features());
        String item = ConsultContexts.scoreItem(ConsultFixtures.CHA.ref());
        KeySwitchRequest request = new KeySwitchRequest("e2e-patient", c.id(), KeySwitchRequest.Purpose.PATIENT, null,
                c.patient().publicKey(), List.of(new KeySwitchRequest.Item(item, score)));
        producer.send(new ProducerRecord<>(CONSULT_PREFIX + Topics.CONSULT_CASES.name(), c.id(),
                ConsultFixtures.json(c.submitted()))).get();
        producer.send(new ProducerRecord<>(CONSULT_PREFIX + Topics.CONSULT_KEYSWITCH_REQUESTS.name(), c.id(),
                ConsultFixtures.json(request))).get();

        ConsultTrusteeMessage answer;
        try (KafkaConsumer<String, byte[]> consumer = consultAnswersConsumer()) {
            answer = await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    return RegistryJson.mapper().readValue(r.value(), ConsultTrusteeMessage.class);
                }
                return null;
            }, m -> m != null);
        }
        assertThat(answer).isInstanceOf(ConsultTrusteeMessage.Shares.class);
        assertThat(answer.trustee()).isEqualTo(1);
        ProofContext context = ConsultContexts.keySwitch(c.id(), "e2e-patient", item);
        KeySwitchShare mine = ((ConsultTrusteeMessage.Shares) answer).shares().get(0);
        KeySwitchShare theirs = KeySwitch.createShare(DEAL.share(3), score, c.patient().publicKey(), context);
        Ciphertext switched = new KeySwitchCombiner(DEAL.jointKey()).combine(score, c.patient().publicKey(), context,
                List.of(mine, theirs)).ciphertext();
        assertThat(new ElGamal(TestRegistry.GROUP, TestRegistry.DISCRETE_LOG).decrypt(c.patient(), switched))
                .isEqualTo(c.points(ConsultFixtures.CHA));
        assertThat(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody())
                .contains("consult_trustee_requests_total{outcome=\"accepted\",purpose=\"patient\"} 1.0");
    }

    private static KafkaConsumer<String, byte[]> consultAnswersConsumer() {
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaTestBroker.uniqueName("consult-answers"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(CONSULT_PREFIX + Topics.CONSULT_TRUSTEE_MESSAGES.name()));
        return consumer;
    }

    private void assertMetricsAndNoAggregatesTopic() throws Exception {
        // only the trustee role is running: no aggregator stream, nothing on the aggregates topic
        assertThat(context.containsBean("aggregatorStream")).isFalse();
        assertThat(context.containsBean("trusteeStream")).isTrue();
        assertThat(context.containsBean("scorerStream")).isFalse();
        assertThat(context.getBean(org.rdregistry.compute.aggregator.RecordRules.class).trustsIntake())
                .as("a trustee never trusts intake's attestations").isFalse();
        String prometheus = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus)
                .contains("trustee_requests_total{kind=\"noise\",outcome=\"accepted\"} 2.0")
                .contains("trustee_requests_total{kind=\"decrypt\",outcome=\"accepted\"} 2.0")
                .contains("trustee_requests_total{kind=\"decrypt\",outcome=\"refused\"} 4.0")
                .contains("trustee_requests_total{kind=\"noise\",outcome=\"refused\"} 5.0")
                .contains("trustee_refusals_total{reason=\"already_released\"} 3.0")
                .contains("trustee_refusals_total{reason=\"bad_noise_set\"} 2.0")
                .contains("trustee_refusals_total{reason=\"aggregate_mismatch\"} 2.0")
                .contains("trustee_refusals_total{reason=\"unknown_position\"} 1.0")
                .contains("trustee_refusals_total{reason=\"cohort_too_small\"} 1.0")
                .contains("trustee_request_handling_seconds_count{kind=\"noise\"} 7")
                .contains("compute_records_verified_total 7.0");
        assertThat(KafkaTestBroker.get().admin().listTopics().names().get()).doesNotContain(AGGREGATES)
                .contains(REQUESTS, MESSAGES);
    }

    /** What trustee 2 would answer: its shares of aggregate + the set's noise, from its dealt share. */
    private static DecryptionShares trustee2Shares(ReleaseRequest.Decrypt request, List<Ciphertext> aggregate) {
        List<PartialDecryption> shares = new ArrayList<>();
        for (int j = 0; j < aggregate.size(); j++) {
            Ciphertext c = aggregate.get(j);
            for (NoiseContribution n : request.contributions()) {
                if (!n.noise().isEmpty()) {
                    c = c.add(n.noise().get(j));
                }
            }
            shares.add(ThresholdDecryption.partialDecrypt(DEAL.share(2), c.normalize(),
                    ReleaseContexts.decryption(request.releaseId(), request.cohort(), LAYOUT.slots().get(j).name())));
        }
        return new DecryptionShares(request.releaseId(), 2, shares);
    }

    private CohortAggregate awaitOwnState(String cohort, Map<Integer, Long> position) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> history.at(cohort, position).orElse(null), s -> s != null);
    }

    private void awaitReadiness() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                http.get().uri("/actuator/health/readiness").exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.status").isEqualTo("UP")
                        .jsonPath("$.components.kafkaStreams.status").isEqualTo("UP"));
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.trusteeRequests.status").isEqualTo("UP");
    }

    /** Sends a request as stats-service would and returns the trustee's next answer. */
    private static TrusteeMessage ask(ReleaseRequest request) throws Exception {
        producer.send(new ProducerRecord<>(REQUESTS, request.releaseId(),
                RegistryJson.mapper().writerFor(ReleaseRequest.class).writeValueAsBytes(request))).get();
        List<TrusteeMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
            for (ConsumerRecord<String, byte[]> r : answers.poll(Duration.ofMillis(100))) {
                got.add(RegistryJson.mapper().readValue(r.value(), TrusteeMessage.class));
            }
            return !got.isEmpty();
        });
        assertThat(got).hasSize(1);
        TrusteeMessage answer = got.get(0);
        assertThat(answer.releaseId()).isEqualTo(request.releaseId());
        assertThat(answer.trustee()).isEqualTo(1);
        return answer;
    }

    private static <T extends TrusteeMessage> T ask(ReleaseRequest request, Class<T> type) throws Exception {
        TrusteeMessage answer = ask(request);
        assertThat(answer).as(String.valueOf(answer)).isInstanceOf(type);
        return type.cast(answer);
    }

    private static void assertRefusal(TrusteeMessage message, Reason reason) {
        assertThat(message).isInstanceOfSatisfying(TrusteeMessage.Refusal.class,
                r -> assertThat(r.reason()).as(r.detail()).isEqualTo(reason));
    }

    private static Map<Integer, Long> send(Patient p) throws Exception {
        RecordMetadata m = producer.send(new ProducerRecord<>(RECORDS, p.key(), p.event())).get();
        return Map.of(m.partition(), m.offset() + 1);
    }

    private static KafkaConsumer<String, byte[]> answersConsumer() {
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(MESSAGES, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        return consumer;
    }

    private static List<PlaintextRecord> plaintexts(List<Patient> patients) {
        return patients.stream().map(Patient::plaintext).toList();
    }

    private static Path workDir() {
        try {
            return Files.createDirectories(Path.of("target", "e2e", KafkaTestBroker.uniqueName("trustee")))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

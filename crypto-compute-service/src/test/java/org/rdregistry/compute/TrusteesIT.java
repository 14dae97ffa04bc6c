package org.rdregistry.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.DEAL;
import static org.rdregistry.compute.trustee.TrusteeFixtures.LAYOUT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.compute.consult.ConsultFixtures;
import org.rdregistry.compute.consult.ConsultFixtures.Consultation;
import org.rdregistry.compute.consult.TopicFollower;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.compute.trustee.TrusteeFixtures;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.release.TrusteeMessage.DecryptionShares;
import org.rdregistry.registry.release.TrusteeMessage.NoiseContribution;
import org.rdregistry.registry.topics.CohortPartitioner;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.rdregistry.trustee.keystore.TrusteeShareFile;

/**
 * Three trustees of a 2-of-3 key as three separate processes started from the packaged jar, each with
 * its own encrypted share file, state and ledger. The test acts as stats-service: one release goes
 * through both rounds and any 2 of the 3 share sets combine to the plaintext truth (noise off); then one
 * trustee process is killed and the other two still answer a release of a new state.
 */
class TrusteesIT {

    static final String PASSPHRASE = "trustees-it passphrase " + KafkaTestBroker.uniqueName("p");

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void anyTwoOfThreeTrusteeProcessesReleaseTheTruthAndTwoStillAnswerWhenOneIsKilled() throws Exception {
        KafkaTestBroker kafka = KafkaTestBroker.get();
        String records = kafka.createTopic(KafkaTestBroker.uniqueName("trustees-records"), Topics.RECORDS.partitions(),
                Topics.RECORDS.configs());
        String requests = kafka.createTopic(KafkaTestBroker.uniqueName("trustees-requests"), 1,
                Topics.RELEASE_REQUESTS.configs());
        String messages = kafka.createTopic(KafkaTestBroker.uniqueName("trustees-messages"), 1,
                Topics.TRUSTEE_MESSAGES.configs());
        String application = KafkaTestBroker.uniqueName("registry-trustee");
        String consultPrefix = KafkaTestBroker.uniqueName("trustees-it") + ".";
        Path work = Files.createDirectories(Path.of("target", "it", KafkaTestBroker.uniqueName("trustees")))
                .toAbsolutePath();
        Path passphraseFile = Files.writeString(work.resolve("passphrase"), PASSPHRASE + "\n");
        Files.setPosixFilePermissions(passphraseFile, PosixFilePermissions.fromString("rw-------"));

        List<Patient> cohort = new ArrayList<>(List.of(TestRegistry.patient("it-t0", COHORT_A),
                TestRegistry.patient("it-t1", COHORT_A), TestRegistry.patient("it-t2", COHORT_A)));
        try (KafkaProducer<String, byte[]> producer = producer(kafka);
             Answers answers = new Answers(kafka, messages)) {
            Map<Integer, Long> position = null;
            for (Patient p : cohort) {
                position = send(producer, records, p);
            }
            for (int i = 1; i <= 3; i++) {
                Path share = work.resolve("share-" + i + ".json");
                TrusteeShareFile.write(share, DEAL.share(i), PASSPHRASE.toCharArray());
                start(i, List.of(
                        "--compute.role=trustee",
                        "--trustee.index=" + i,
                        "--trustee.share-file=" + share,
                        "--trustee.passphrase-file=" + passphraseFile,
                        "--trustee.min-cohort-records=2",
                        "--trustee.allow-no-noise=true",
                        "--trustee.position-wait=60s",
                        "--trustee.requests-topic=" + requests,
                        "--trustee.messages-topic=" + messages,
                        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--compute.application-id=" + application + "-" + i,
                        "--compute.state-dir=" + work.resolve("state-" + i),
                        "--compute.records-topic=" + records,
                        "--compute.stream-threads=1",
                        "--compute.internal-replication-factor=1",
                        "--compute.topic-replication-factor=1",
                        "--consult.topic-prefix=" + consultPrefix,
                        "--server.port=0"), work.resolve("trustee-" + i + ".log"));
            }

            // round 1 with all three (each waits for its own recomputation to reach the position)
            List<Ciphertext> aggregate = LAYOUT.ciphertexts(TrusteeFixtures.aggregate(COHORT_A, cohort));
            ReleaseRequest.Noise noise = new ReleaseRequest.Noise("it-r1", COHORT_A, "1", position, aggregate,
                    NoiseParameters.none(), System.currentTimeMillis());
            request(producer, requests, noise);
            List<NoiseContribution> set = answers.await("it-r1", NoiseContribution.class, Set.of(1, 2, 3));
            ReleaseRequest.Decrypt decrypt = new ReleaseRequest.Decrypt("it-r1", COHORT_A, position, set);
            request(producer, requests, decrypt);
            List<DecryptionShares> shares = answers.await("it-r1", DecryptionShares.class, Set.of(1, 2, 3));
            List<Long> truth = TrusteeFixtures.truth(plaintexts(cohort));
            for (int skip = 0; skip < 3; skip++) {
                List<DecryptionShares> two = new ArrayList<>(shares);
                two.remove(skip);
                assertThat(TrusteeFixtures.combine("it-r1", COHORT_A, aggregate, set, two))
                        .as("shares of trustees " + two.stream().map(DecryptionShares::trustee).toList())
                        .isEqualTo(truth);
            }

            consultationKeySwitch(kafka, producer, consultPrefix);

            // trustee 3 dies; a new record, a new state, and trustees 1 and 2 still release it
            Process third = processes.get(2);
            third.destroyForcibly();
            assertThat(third.waitFor(30, TimeUnit.SECONDS)).isTrue();
            cohort.add(TestRegistry.patient("it-t3", COHORT_A));
            position = send(producer, records, cohort.get(3));
            aggregate = LAYOUT.ciphertexts(TrusteeFixtures.aggregate(COHORT_A, cohort));
            request(producer, requests, new ReleaseRequest.Noise("it-r2", COHORT_A, "1", position, aggregate,
                    NoiseParameters.none(), System.currentTimeMillis()));
            set = answers.await("it-r2", NoiseContribution.class, Set.of(1, 2));
            decrypt = new ReleaseRequest.Decrypt("it-r2", COHORT_A, position, set);
            request(producer, requests, decrypt);
            shares = answers.await("it-r2", DecryptionShares.class, Set.of(1, 2));
            assertThat(TrusteeFixtures.combine("it-r2", COHORT_A, aggregate, set, shares))
                    .isEqualTo(TrusteeFixtures.truth(plaintexts(cohort)));
            assertThat(answers.all()).noneMatch(m -> m instanceof TrusteeMessage.Refusal);
        }
    }

    /**
     * A consultation's score, key-switched to the patient by the three processes: any two of their
     * share sets combine to a ciphertext the patient's key decrypts to the plaintext points.
     */
    private static void consultationKeySwitch(KafkaTestBroker kafka, KafkaProducer<String, byte[]> producer,
                                              String prefix) throws Exception {
        Consultation c = ConsultFixtures.consultation(1, ConsultFixtures.CHA);
        Ciphertext score = ScoreEvaluator.score(TestRegistry.GROUP, ConsultFixtures.CHA,
                c.submission().models().get(0).features());
        String item = ConsultContexts.scoreItem(ConsultFixtures.CHA.ref());
        KeySwitchRequest request = new KeySwitchRequest("it-consult-1", c.id(), KeySwitchRequest.Purpose.PATIENT, null,
                c.patient().publicKey(), List.of(new KeySwitchRequest.Item(item, score)));
        Map<Integer, ConsultTrusteeMessage> got = new ConcurrentHashMap<>();
        TopicFollower answers = new TopicFollower(kafka.clientProperties(), KafkaTestBroker.uniqueName("consult-answers"),
                prefix + Topics.CONSULT_TRUSTEE_MESSAGES.name(), r -> {
                    ConsultTrusteeMessage m = RegistryJson.mapper().readValue(r.value(), ConsultTrusteeMessage.class);
                    got.put(m.trustee(), m);
                });
        answers.start();
        try {
            producer.send(new ProducerRecord<>(prefix + Topics.CONSULT_CASES.name(), c.id(),
                    ConsultFixtures.json(c.submitted()))).get();
            producer.send(new ProducerRecord<>(prefix + Topics.CONSULT_KEYSWITCH_REQUESTS.name(), c.id(),
                    ConsultFixtures.json(request))).get();
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> got.size() == 3);
        } finally {
            answers.stop();
        }
        ProofContext context = ConsultContexts.keySwitch(c.id(), "it-consult-1", item);
        KeySwitchCombiner combiner = new KeySwitchCombiner(DEAL.jointKey());
        ElGamal elgamal = new ElGamal(TestRegistry.GROUP, TestRegistry.DISCRETE_LOG);
        for (int skip = 1; skip <= 3; skip++) {
            List<KeySwitchShare> two = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                if (i != skip) {
                    assertThat(got.get(i)).isInstanceOf(ConsultTrusteeMessage.Shares.class);
                    two.add(((ConsultTrusteeMessage.Shares) got.get(i)).shares().get(0));
                }
            }
            Ciphertext switched = combiner.combine(score, c.patient().publicKey(), context, two).ciphertext();
            assertThat(elgamal.decrypt(c.patient(), switched)).isEqualTo(c.points(ConsultFixtures.CHA));
        }
    }

    private void start(int index, List<String> args, Path log) throws IOException {
        Path jar = Path.of("target", "crypto-compute-service.jar");
        assertThat(jar).as("the packaged service (failsafe runs after package)").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1");   // three JVMs on two cores: start fast rather than peak
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
    }

    private static void request(KafkaProducer<String, byte[]> producer, String topic, ReleaseRequest request)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, request.releaseId(),
                RegistryJson.mapper().writerFor(ReleaseRequest.class).writeValueAsBytes(request))).get();
    }

    private static Map<Integer, Long> send(KafkaProducer<String, byte[]> producer, String topic, Patient p)
            throws Exception {
        RecordMetadata m = producer.send(new ProducerRecord<>(topic, p.key(), p.event())).get();
        return Map.of(m.partition(), m.offset() + 1);
    }

    private static List<PlaintextRecord> plaintexts(List<Patient> patients) {
        return patients.stream().map(Patient::plaintext).toList();
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTestBroker kafka) {
        Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, CohortPartitioner.class);   // as intake does
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads the trustee-messages topic (read_committed) in the background. */
    private static final class Answers implements AutoCloseable {
        private final List<TrusteeMessage> messages = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Answers(KafkaTestBroker kafka, String topic) {
            Map<String, Object> props = kafka.clientProperties();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer());
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            messages.add(RegistryJson.mapper().readValue(r.value(), TrusteeMessage.class));
                        }
                    }
                }
            }, "trustee-answers");
            thread.setDaemon(true);
            thread.start();
        }

        List<TrusteeMessage> all() {
            return List.copyOf(messages);
        }

        /** The answers of {@code type} to {@code releaseId} from exactly {@code trustees}, by trustee index. */
        <T extends TrusteeMessage> List<T> await(String releaseId, Class<T> type, Set<Integer> trustees) {
            Map<Integer, T> got = new ConcurrentHashMap<>();
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .failFast("a trustee refused " + releaseId, () -> messages.stream()
                            .anyMatch(m -> m.releaseId().equals(releaseId) && m instanceof TrusteeMessage.Refusal))
                    .until(() -> {
                        for (TrusteeMessage m : messages) {
                            if (m.releaseId().equals(releaseId) && type.isInstance(m)) {
                                got.put(m.trustee(), type.cast(m));
                            }
                        }
                        return got.keySet().equals(trustees);
                    });
            return got.values().stream().sorted(java.util.Comparator.comparingInt(TrusteeMessage::trustee)).toList();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}

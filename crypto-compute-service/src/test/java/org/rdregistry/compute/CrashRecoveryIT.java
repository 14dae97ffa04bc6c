package org.rdregistry.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.COHORT_B;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.rdregistry.registry.topics.CohortPartitioner;

/**
 * Crash safety (issue 3, item 8): the packaged service runs as a separate JVM, is killed with SIGKILL
 * while a stream of records (new patients, updates, an erasure, duplicate resubmissions) is being
 * produced, and is restarted on the same state directory. The final aggregates, decrypted with the
 * test-only dealer key, must equal the plaintext truth exactly: nothing lost, nothing counted twice.
 */
class CrashRecoveryIT {

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void killedMidStreamAndRestartedTheAggregatesAreStillExact() throws Exception {
        KafkaTestBroker kafka = KafkaTestBroker.get();
        String records = kafka.createTopic(KafkaTestBroker.uniqueName("crash-records"), Topics.RECORDS.partitions(),
                Topics.RECORDS.configs());
        String aggregates = kafka.createTopic(KafkaTestBroker.uniqueName("crash-aggregates"),
                Topics.AGGREGATES.partitions(), Topics.AGGREGATES.configs());
        Path work = Files.createTempDirectory("crash-it");
        Path keyFile = work.resolve("registry-key.json");
        Files.writeString(keyFile, Wire.toJson(TestRegistry.DEALER_KEY.publicKey()));
        List<String> args = List.of(
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--registry.key-file=" + keyFile,
                "--compute.application-id=" + KafkaTestBroker.uniqueName("crash-app"),
                "--compute.instance-id=crash-it",
                "--compute.state-dir=" + work.resolve("state"),
                "--compute.records-topic=" + records,
                "--compute.aggregates-topic=" + aggregates,
                "--compute.internal-replication-factor=1",
                "--compute.topic-replication-factor=1",
                "--consult.topic-prefix=" + KafkaTestBroker.uniqueName("crash-it") + ".",
                "--server.port=0");

        // The history: 12 new patients over two cohorts, two updates, one erasure, duplicates.
        List<Patient> stream = new ArrayList<>();
        Map<String, PlaintextRecord> truth = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            stream.add(TestRegistry.patient("crash-" + i, i % 2 == 0 ? COHORT_A : COHORT_B));
        }
        Patient update0 = TestRegistry.update(stream.get(0), "crash-0-v2");
        Patient update5 = TestRegistry.update(stream.get(5), "crash-5-v2");
        stream.addAll(List.of(update0, stream.get(3), update5, stream.get(7)));   // 3 and 7 again: duplicates
        for (Patient p : stream) {
            truth.put(p.key(), p.plaintext());
        }
        Patient erased = stream.get(9);
        truth.remove(erased.key());

        Process first = start(args, work.resolve("first.log"));
        try (KafkaProducer<String, byte[]> producer = producer(kafka);
             AggregateWatcher watcher = new AggregateWatcher(kafka, aggregates)) {
            int half = 8;
            for (int i = 0; i < half; i++) {
                producer.send(new ProducerRecord<>(records, stream.get(i).key(), stream.get(i).event())).get();
            }
            // Kill while the first records are being aggregated.
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> watcher.latest().size() >= 1);
            first.destroyForcibly();
            assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed, not stopped").isNotZero();

            // The rest of the stream arrives while the service is down, plus resubmissions of the first half.
            for (int i = half; i < stream.size(); i++) {
                producer.send(new ProducerRecord<>(records, stream.get(i).key(), stream.get(i).event())).get();
            }
            producer.send(new ProducerRecord<>(records, erased.key(), null)).get();
            for (int i = 1; i < 4; i++) {
                producer.send(new ProducerRecord<>(records, stream.get(i).key(), stream.get(i).event())).get();
            }

            start(args, work.resolve("second.log"));
            Map<String, List<PlaintextRecord>> byCohort = truth.values().stream()
                    .collect(Collectors.groupingBy(PlaintextRecord::cohort));
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                Map<String, CohortAggregate> latest = watcher.latest();
                assertThat(latest).containsKeys(COHORT_A, COHORT_B);
                TestRegistry.assertDecryptsTo(latest.get(COHORT_A), byCohort.get(COHORT_A));
                TestRegistry.assertDecryptsTo(latest.get(COHORT_B), byCohort.get(COHORT_B));
            });
            // and the aggregates cover the whole records topic
            Map<Integer, Long> covered = new HashMap<>();
            watcher.latest().values().forEach(a -> a.position().forEach((p, o) -> covered.merge(p, o, Math::max)));
            assertThat(covered.values().stream().mapToLong(Long::longValue).sum()).isPositive();
        }
    }

    private Process start(List<String> args, Path log) throws IOException {
        Path jar = Path.of("target", "crypto-compute-service.jar");
        assertThat(jar).as("the packaged service (failsafe runs after package)").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTestBroker kafka) {
        Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, CohortPartitioner.class);   // as intake does
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    /** Reads the aggregates topic (read_committed) in the background and keeps the latest per cohort. */
    private static final class AggregateWatcher implements AutoCloseable {
        private final Map<String, CohortAggregate> latest = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        AggregateWatcher(KafkaTestBroker kafka, String topic) {
            Map<String, Object> props = kafka.clientProperties();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            if (r.value() != null) {
                                latest.put(r.key(), RegistryJson.mapper().readValue(r.value(), CohortAggregate.class));
                            }
                        }
                    }
                }
            }, "aggregate-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        Map<String, CohortAggregate> latest() {
            return Map.copyOf(latest);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}

package org.rdregistry.consult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rdregistry.consult.kafka.ConsultTopics;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.devissuer.DevIssuer;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;
import org.rdregistry.registry.topics.TopicSpec;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

/**
 * What the consultation tests share, generated once per test JVM at test time: a 2-of-3 trustee key (test-only
 * dealer) written as the joint-key file, a development JWT issuer, the shipped models, and helpers for topics,
 * tokens and submissions.
 */
public final class TestConsult {

    public static final GroupContext GROUP = GroupContext.p256();
    public static final TestOnlyTrustedDealer.Deal DEAL = TestOnlyTrustedDealer.deal(GROUP, 2, 3);
    public static final DevIssuer ISSUER = DevIssuer.generate();
    public static final Map<ModelRef, ScoringModel> MODELS = ScoringModels.shipped().stream()
            .collect(Collectors.toMap(ScoringModel::ref, Function.identity()));
    public static final ScoringModel CHA = MODELS.get(ModelRef.parse("cha2ds2-vasc@1"));
    public static final ScoringModel GHENT = MODELS.get(ModelRef.parse("ghent-marfan-systemic@1"));
    public static final Path DIR;
    public static final Path JOINT_KEY_FILE;
    public static final Path JWT_PUBLIC_KEY;

    /**
     * Topic settings that make compaction reach purged values within seconds (the test broker's cleaner backs off
     * 1 s), applied to every bounded topic, the changelog included.
     */
    public static final Map<String, String> FAST_COMPACTION = Map.of(
            "segment.ms", "1500",
            "max.compaction.lag.ms", "1000",
            "min.cleanable.dirty.ratio", "0.01",
            "delete.retention.ms", "1000",
            "file.delete.delay.ms", "0");

    static {
        try {
            DIR = Files.createTempDirectory("consult-test");
            JOINT_KEY_FILE = DIR.resolve("joint-key.json");
            Files.writeString(JOINT_KEY_FILE, Wire.toJson(DEAL.jointKey()));
            ISSUER.writeTo(DIR.resolve("jwt"));
            JWT_PUBLIC_KEY = DIR.resolve("jwt").resolve(DevIssuer.PUBLIC_KEY_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestConsult() {
    }

    /** Properties of an instance on the test broker with its own topics and state directory. */
    public static Map<String, Object> properties(String prefix, Path stateDir) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.kafka.bootstrap-servers", KafkaTestBroker.get().bootstrapServers());
        p.put("consult.topic-prefix", prefix);
        p.put("consult.joint-key-file", JOINT_KEY_FILE.toString());
        p.put("consult.state-dir", stateDir.toString());
        p.put("spring.security.oauth2.resourceserver.jwt.public-key-location", JWT_PUBLIC_KEY.toUri().toString());
        p.put("consult.sweep-interval", "PT1S");
        p.put("consult.tick-interval", "PT0.25S");
        p.put("consult.key-switch-retry", "PT5S");
        p.put("consult.command-timeout", "PT30S");
        p.put("consult.sse-heartbeat", "PT1S");
        FAST_COMPACTION.forEach((k, v) -> p.put("consult.topic-overrides.[" + k + "]", v));
        return p;
    }

    /** As command-line arguments, which (unlike default properties) override application.yml. */
    public static String[] args(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    public static Path newStateDir() {
        try {
            return Files.createTempDirectory(DIR, "state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates every topic the service and the fakes use, as the service would (with the fast compaction). */
    public static void createTopics(String prefix) {
        List<TopicSpec> specs = new ArrayList<>(Topics.consultations());
        specs.addAll(List.of(ConsultTopics.COMMANDS, ConsultTopics.STATE, ConsultTopics.RESULTS));
        KafkaTestBroker.get().createTopics(specs.stream().map(s -> {
            Map<String, String> configs = new HashMap<>(s.configs());
            if (s.configs().equals(Topics.CONSULT_BOUNDED)) {
                configs.putAll(FAST_COMPACTION);
            }
            return new NewTopic(prefix + s.name(), s.partitions(), (short) 1).configs(configs);
        }).toArray(NewTopic[]::new));
    }

    public static String patientToken(String subject) {
        return ISSUER.mint(subject, List.of("patient"), Duration.ofMinutes(30));
    }

    public static String expertToken(String subject, String... specialties) {
        return ISSUER.mint(subject, List.of("expert"), Map.of("specialties", List.of(specialties)),
                Duration.ofMinutes(30));
    }

    public static String token(String subject, String... roles) {
        return ISSUER.mint(subject, List.of(roles), Duration.ofMinutes(30));
    }

    /** A cardiology consultation answering CHA2DS2-VASc with its test vector {@code vector}. */
    public static ConsultationSubmission cardiology(String id, KeyPair patient, int vector, String history) {
        Map<ModelRef, Map<String, String>> answers = new LinkedHashMap<>();
        answers.put(CHA.ref(), CHA.testVectors().get(vector).answers());
        return new ConsultationEncryptor(DEAL.jointKey().publicKey(), List.copyOf(MODELS.values()))
                .encrypt(id, "cardiology", patient.publicKey(), answers, history.getBytes(StandardCharsets.UTF_8));
    }

    public static KafkaProducer<String, String> producer() {
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    public static KafkaConsumer<String, String> consumer() {
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    /** Every committed record of a topic, read from the beginning to its current end. */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();   // a guard against hanging
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }
}

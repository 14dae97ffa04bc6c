package org.rdregistry.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.devissuer.DevIssuer;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.registry.topics.TopicSpec;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

/**
 * Everything the stats tests share, generated once per test JVM at test time: a 2-of-3 trustee key
 * (test-only dealer) written as the joint-key file, a development JWT issuer, and 11 encrypted
 * patients (encryption costs ~70 ms each). Cohorts are built from these patients: the first
 * {@code size} of them, aggregated homomorphically and labelled with any cohort code and position.
 */
public final class TestRegistry {

    public static final GroupContext GROUP = GroupContext.p256();
    public static final RegistrySchema SCHEMA = RegistrySchema.current();
    public static final ReleaseLayout LAYOUT = ReleaseLayout.of(SCHEMA);
    public static final TestOnlyTrustedDealer.Deal DEAL = TestOnlyTrustedDealer.deal(GROUP, 2, 3);
    public static final DevIssuer ISSUER = DevIssuer.generate();
    public static final Path DIR;
    public static final Path JOINT_KEY_FILE;
    public static final Path JWT_PUBLIC_KEY;

    /**
     * The patients: all female (sex[female] = 11 = k with all of them); ageBand 18-29 for the first 10
     * (10 = k - 1 with 10 or 11 patients) and 30-44 for the 11th; everything else random but seeded.
     */
    public static final List<PlaintextRecord> PATIENTS;
    private static final List<RecordSubmission> RECORDS;

    static {
        try {
            DIR = Files.createTempDirectory("stats-test");
            DIR.toFile().deleteOnExit();
            JOINT_KEY_FILE = DIR.resolve("joint-key.json");
            Files.writeString(JOINT_KEY_FILE, Wire.toJson(DEAL.jointKey()));
            ISSUER.writeTo(DIR.resolve("jwt"));
            JWT_PUBLIC_KEY = DIR.resolve("jwt").resolve(DevIssuer.PUBLIC_KEY_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random rnd = new Random(558);
        List<PlaintextRecord> patients = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (FieldSpec f : SCHEMA.fields()) {
                if (f instanceof FieldSpec.Categorical c) {
                    values.put(c.name(), c.categories().get(rnd.nextInt(c.categories().size())));
                } else if (f instanceof FieldSpec.Integer n) {
                    values.put(n.name(), n.min() + rnd.nextInt((int) (n.max() - n.min() + 1)));
                }
            }
            values.put("sex", "female");
            values.put("ageBand", i < 10 ? "18-29" : "30-44");
            byte[] p = new byte[32];
            rnd.nextBytes(p);
            patients.add(new PlaintextRecord(Base64.getUrlEncoder().withoutPadding().encodeToString(p), "ORPHA:558", values));
        }
        PATIENTS = List.copyOf(patients);
        RecordEncryptor encryptor = new RecordEncryptor(SCHEMA, DEAL.jointKey().publicKey());
        List<RecordSubmission> records = new ArrayList<>();
        for (int i = 0; i < PATIENTS.size(); i++) {
            String id = String.format("stats-test-record-%04d", i);
            records.add(encryptor.encrypt(id, "digest-" + id, PATIENTS.get(i)));
        }
        RECORDS = List.copyOf(records);
    }

    private TestRegistry() {
    }

    /** Properties of a stats instance on the test broker with its own topics, without noise. */
    public static Map<String, Object> properties(String topicPrefix) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.kafka.bootstrap-servers", KafkaTestBroker.get().bootstrapServers());
        p.put("stats.topic-prefix", topicPrefix);
        p.put("stats.instance-id", topicPrefix);
        p.put("stats.joint-key-file", JOINT_KEY_FILE.toString());
        p.put("spring.security.oauth2.resourceserver.jwt.public-key-location", JWT_PUBLIC_KEY.toUri().toString());
        p.put("stats.release.min-interval", "0s");
        p.put("stats.release.noise-wait", "300ms");
        p.put("stats.release.timeout", "6s");
        p.put("stats.privacy.mechanism", "none");
        p.put("stats.sse.heartbeat", "1s");
        // a small table: test values stay far below 2^28
        p.put("stats.discrete-log.baby-steps", "65536");
        p.put("stats.discrete-log.max-abs", String.valueOf(1L << 28));
        return p;
    }

    /** As command-line arguments, which (unlike default properties) override application.yml. */
    public static String[] args(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    public static String token(String subject, String... roles) {
        return ISSUER.mint(subject, List.of(roles), Duration.ofMinutes(30));
    }

    /** Creates every topic stats and the trustees use, with the prefix (as stats itself would). */
    public static void createTopics(String prefix) {
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(Topics.AGGREGATES);
        specs.addAll(Topics.releases());
        KafkaTestBroker.get().createTopics(specs.stream()
                .map(s -> new NewTopic(prefix + s.name(), s.partitions(), (short) 1).configs(s.configs()))
                .toArray(NewTopic[]::new));
    }

    /** The aggregate of the first {@code size} patients, labelled as {@code cohort} at {@code position}. */
    public static CohortAggregate aggregate(String cohort, int size, Map<Integer, Long> position) {
        CohortAggregate a = CohortAggregate.empty(SCHEMA, GROUP, "ORPHA:558");
        for (RecordSubmission r : RECORDS.subList(0, size)) {
            a = a.plus(SCHEMA, GROUP, r);
        }
        return new CohortAggregate(cohort, a.schemaVersion(), a.count(), a.fields(), position, a.records());
    }

    /** The exact value of every slot for the first {@code size} patients: what a release without noise must show. */
    public static List<Long> truth(int size) {
        List<Long> out = new ArrayList<>();
        for (Slot slot : LAYOUT.slots()) {
            long v = 0;
            for (PlaintextRecord p : PATIENTS.subList(0, size)) {
                v += switch (slot.kind()) {
                    case COUNT -> 1;
                    case CELL -> slot.category().equals(p.values().get(slot.field())) ? 1 : 0;
                    case SUM -> shifted(slot, p);
                    case SUM_OF_SQUARES -> shifted(slot, p) * shifted(slot, p);
                };
            }
            out.add(v);
        }
        return out;
    }

    private static long shifted(Slot slot, PlaintextRecord p) {
        FieldSpec.Integer spec = (FieldSpec.Integer) SCHEMA.field(slot.field()).orElseThrow();
        return ((Number) p.values().get(slot.field())).longValue() - spec.min();
    }

    public static void publishAggregate(String prefix, CohortAggregate aggregate) {
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(prefix + Topics.AGGREGATES.name(), aggregate.cohort(),
                    RegistryJson.mapper().writeValueAsString(aggregate))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the aggregate", e);
        }
    }

    /** Every committed release on the releases topic (read_committed, from the beginning to the end). */
    public static List<Release> releases(String prefix) {
        return readAll(prefix + Topics.RELEASES.name()).stream()
                .filter(r -> r.value() != null)
                .map(r -> RegistryJson.mapper().readValue(r.value(), Release.class))
                .toList();
    }

    public static List<Release> releasesOf(String prefix, String cohort) {
        return releases(prefix).stream().filter(r -> r.cohort().equals(cohort)).toList();
    }

    /** Every committed record of a topic, read from the beginning to its current end (read_committed). */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
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

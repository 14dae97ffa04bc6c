package org.rdregistry.intake;

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
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.devissuer.DevIssuer;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

/**
 * Everything the intake tests share, generated once per test JVM: the registry key (a test-time
 * stand-in for the trustees' joint key) written to a key file, a development JWT issuer with its
 * public key file, and encrypted records (encryption costs ~70 ms each, so each is made once).
 */
public final class TestRegistry {

    public static final RegistrySchema SCHEMA = RegistrySchema.current();
    public static final KeyPair REGISTRY_KEY = KeyPair.generate(GroupContext.p256());
    public static final DevIssuer ISSUER = DevIssuer.generate();
    public static final Path DIR;
    public static final Path KEY_FILE;
    public static final Path JWT_PUBLIC_KEY;
    /** Intake's attestation key, random per test run. */
    public static final Path ATTESTATION_KEY_FILE;

    private static final RecordEncryptor ENCRYPTOR = new RecordEncryptor(SCHEMA, REGISTRY_KEY.publicKey());
    private static final Map<String, PlaintextRecord> PLAINTEXTS = new ConcurrentHashMap<>();
    private static final Map<String, RecordSubmission> RECORDS = new ConcurrentHashMap<>();

    static {
        try {
            DIR = Files.createTempDirectory("intake-test");
            DIR.toFile().deleteOnExit();
            KEY_FILE = DIR.resolve("registry-key.json");
            Files.writeString(KEY_FILE, Wire.toJson(REGISTRY_KEY.publicKey()));
            ISSUER.writeTo(DIR.resolve("jwt"));
            JWT_PUBLIC_KEY = DIR.resolve("jwt").resolve(DevIssuer.PUBLIC_KEY_FILE);
            byte[] attestationKey = new byte[32];
            new java.security.SecureRandom().nextBytes(attestationKey);
            ATTESTATION_KEY_FILE = DIR.resolve("intake-attestation.key");
            Files.writeString(ATTESTATION_KEY_FILE, java.util.Base64.getEncoder().encodeToString(attestationKey));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestRegistry() {
    }

    /** Properties of an intake instance on the test broker with its own topics. */
    public static Map<String, Object> properties(String topicPrefix, String instanceId, long maxBodyBytes) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.kafka.bootstrap-servers", KafkaTestBroker.get().bootstrapServers());
        p.put("intake.topic-prefix", topicPrefix);
        p.put("intake.instance-id", instanceId);
        p.put("intake.max-body-bytes", String.valueOf(maxBodyBytes));
        p.put("registry.key-file", KEY_FILE.toString());
        p.put("intake.attestation-key-file", ATTESTATION_KEY_FILE.toString());
        p.put("spring.security.oauth2.resourceserver.jwt.public-key-location", JWT_PUBLIC_KEY.toUri().toString());
        return p;
    }

    /** As command-line arguments, which (unlike default properties) override application.yml. */
    public static String[] args(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    public static String token(String subject, String... roles) {
        return ISSUER.mint(subject, List.of(roles), Duration.ofMinutes(30));
    }

    /** Record {@code name}, encrypted on first use (cohort ORPHA:558, random values, fresh pseudonym). */
    public static RecordSubmission record(String name) {
        return RECORDS.computeIfAbsent(name, n -> ENCRYPTOR.encrypt(recordId(n), "digest-" + recordId(n), plaintext(n)));
    }

    /** The same plaintext and record id as {@link #record}, encrypted again: same id, different body. */
    public static RecordSubmission reEncrypted(String name) {
        return ENCRYPTOR.encrypt(recordId(name), "digest-" + recordId(name), plaintext(name));
    }

    /** Another version (other values, new record id) of the same patient and cohort as {@code of}. */
    public static RecordSubmission version(RecordSubmission of, String name) {
        return ENCRYPTOR.encrypt(recordId(name), "digest-" + recordId(name),
                new org.rdregistry.registry.record.PlaintextRecord(of.pseudonym(), of.cohort(), plaintext(name).values()));
    }

    /** A fresh pseudonym (for requests that need no encrypted record). */
    public static String pseudonym() {
        byte[] p = new byte[32];
        new java.security.SecureRandom().nextBytes(p);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(p);
    }

    /** Same record id, another body, without encrypting again (the conflict check precedes verification). */
    public static RecordSubmission otherBody(RecordSubmission s) {
        return new RecordSubmission(s.recordId(), s.pseudonym(), s.cohort(), s.schemaVersion(), s.contentDigest() + "x",
                s.fields());
    }

    public static String json(Object value) {
        return RegistryJson.mapper().writeValueAsString(value);
    }

    public static String recordId(String name) {
        return "rec-" + name + "-" + Integer.toHexString(name.hashCode() & 0xffff) + "-0123456789";
    }

    private static PlaintextRecord plaintext(String name) {
        return PLAINTEXTS.computeIfAbsent(name, n -> {
            Random rnd = new Random(n.hashCode());
            Map<String, Object> values = new LinkedHashMap<>();
            for (FieldSpec f : SCHEMA.fields()) {
                if (f instanceof FieldSpec.Categorical c) {
                    values.put(c.name(), c.categories().get(rnd.nextInt(c.categories().size())));
                } else if (f instanceof FieldSpec.Integer i) {
                    values.put(i.name(), i.min() + rnd.nextInt((int) (i.max() - i.min() + 1)));
                }
            }
            return new PlaintextRecord(pseudonym(), "ORPHA:558", values);
        });
    }

    /** Every committed record of a topic, read from the beginning to the current end (read_committed). */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");     // empty partitions answer at once
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();   // a guard against hanging, not a timing check
            // commitTransaction() returns before the commit markers reach every partition: until they do,
            // the last stable offset (read_committed end) lags the high watermark. Wait for them to meet so
            // that a transaction committed before this call is always seen.
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            Map<String, Object> uncommitted = new java.util.HashMap<>(props);
            uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
            try (KafkaConsumer<String, String> hw = new KafkaConsumer<>(uncommitted)) {
                Map<TopicPartition, Long> high = hw.endOffsets(tps);
                while (tps.stream().anyMatch(tp -> end.get(tp) < high.get(tp))) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("transactions on " + topic + " did not complete");
                    }
                    Thread.onSpinWait();
                    end.putAll(consumer.endOffsets(tps));
                }
            }
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

    /** The committed records of a topic with this key. */
    public static List<ConsumerRecord<String, String>> withKey(String topic, String key) {
        return readAll(topic).stream().filter(r -> key.equals(r.key())).toList();
    }
}

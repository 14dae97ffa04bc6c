package org.rdregistry.hospital.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.hospital.cli.RegistryCli;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RecordEvent;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.ReleaseRule;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.registry.topics.CohortPartitioner;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

import picocli.CommandLine;

/** {@code registry verify} against a real broker: records and a release on their topics. */
class VerifyCommandTest {

    static final GroupContext GROUP = GroupContext.p256();
    static final RegistrySchema SCHEMA = RegistrySchema.current();
    static final String COHORT = "ORPHA:558";
    static final String PREFIX = KafkaTestBroker.uniqueName("verify") + ".";

    static TestOnlyTrustedDealer.Deal deal;
    static Release release;

    @TempDir
    static Path dir;

    @BeforeAll
    static void publish() throws Exception {
        KafkaTestBroker kafka = KafkaTestBroker.get();
        kafka.createTopic(PREFIX + Topics.RECORDS.name(), Topics.RECORDS.partitions());
        kafka.createTopic(PREFIX + Topics.RELEASES.name(), Topics.RELEASES.partitions());
        deal = TestOnlyTrustedDealer.deal(GROUP, 2, 3);
        RecordEncryptor encryptor = new RecordEncryptor(SCHEMA, deal.jointKey().publicKey());
        Random rnd = new Random(3);
        CohortAggregate aggregate = CohortAggregate.empty(SCHEMA, GROUP, COHORT);
        long position = -1;
        int partition = -1;
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            for (int i = 0; i < 4; i++) {
                RecordSubmission s = encryptor.encrypt(String.format("verify-record-%08d", i), "digest-0000000000" + i,
                        patient(rnd));
                aggregate = aggregate.plus(SCHEMA, GROUP, s);
                RecordMetadata m = producer.send(new ProducerRecord<>(PREFIX + Topics.RECORDS.name(), s.key(),
                        RegistryJson.mapper().writeValueAsBytes(new RecordEvent("hospital-a", 1L, s)))).get();
                position = m.offset() + 1;
                partition = m.partition();
            }
            release = release(aggregate, Map.of(partition, position));
            producer.send(new ProducerRecord<>(PREFIX + Topics.RELEASES.name(), release.releaseId(),
                    RegistryJson.mapper().writeValueAsBytes(release))).get();
        }
        Files.writeString(dir.resolve("joint-key.json"), Wire.toJson(deal.jointKey()));
    }

    static KafkaProducer<String, byte[]> producer(KafkaTestBroker kafka) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, CohortPartitioner.class);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    static PlaintextRecord patient(Random rnd) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec f : SCHEMA.fields()) {
            if (f instanceof FieldSpec.Categorical c) {
                values.put(c.name(), c.categories().get(rnd.nextInt(c.categories().size())));
            } else if (f instanceof FieldSpec.Integer i) {
                values.put(i.name(), i.min() + rnd.nextInt((int) (i.max() - i.min() + 1)));
            }
        }
        byte[] p = new byte[32];
        rnd.nextBytes(p);
        return new PlaintextRecord(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(p), COHORT, values);
    }

    /** A noise-free release by trustees 1 and 2; the noisy values are decrypted with the dealt secret. */
    static Release release(CohortAggregate aggregate, Map<Integer, Long> position) {
        ReleaseLayout layout = ReleaseLayout.of(SCHEMA);
        List<Ciphertext> cts = layout.ciphertexts(aggregate);
        String id = "release-verify-cli";
        List<TrusteeMessage.DecryptionShares> shares = new ArrayList<>();
        for (int t = 1; t <= 2; t++) {
            List<PartialDecryption> s = new ArrayList<>();
            for (int j = 0; j < cts.size(); j++) {
                s.add(ThresholdDecryption.partialDecrypt(deal.share(t), cts.get(j),
                        ReleaseContexts.decryption(id, COHORT, layout.slots().get(j).name())));
            }
            shares.add(new TrusteeMessage.DecryptionShares(id, t, s));
        }
        org.rdregistry.crypto.elgamal.ElGamal elgamal = new org.rdregistry.crypto.elgamal.ElGamal(GROUP,
                new org.rdregistry.crypto.elgamal.DiscreteLog(GROUP, 1 << 12, 1L << 26));
        List<Long> values = cts.stream().map(c -> elgamal.decrypt(deal.keyPair(), c)).toList();
        List<TrusteeMessage.NoiseContribution> noise = List.of(
                new TrusteeMessage.NoiseContribution(id, 1, List.of(), List.of()),
                new TrusteeMessage.NoiseContribution(id, 2, List.of(), List.of()));
        return new Release(id, COHORT, SCHEMA.version(), position, 5L, cts, NoiseParameters.none(), noise, shares,
                List.of(), values, 2, ReleaseRule.apply(layout, values, 2), PrivacyCost.ZERO,
                new PrivacyAccountant(COHORT, PrivacyBudget.zcdp(Rational.of(1)), PrivacyCost.ZERO, 1));
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RegistryCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    String[] args(String id, String... more) {
        List<String> a = new ArrayList<>(List.of("verify", "--release", id, "--bootstrap-servers",
                KafkaTestBroker.get().bootstrapServers(), "--joint-key", dir.resolve("joint-key.json").toString(),
                "--topic-prefix", PREFIX, "--timeout", "PT30S"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void aGoodReleaseIsValid() {
        Run r = run(args(release.releaseId()));
        assertThat(r.out()).contains("VERDICT: VALID").contains("V.2").contains("4 valid record versions");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    @Test
    void aTamperedReleaseFileIsInvalidWithExitCode4() throws Exception {
        List<Long> values = new ArrayList<>(release.noisyValues());
        values.set(0, values.get(0) + 1);
        ReleaseLayout layout = ReleaseLayout.of(SCHEMA);
        Release tampered = new Release(release.releaseId(), release.cohort(), release.schemaVersion(), release.position(),
                release.releasedAtMillis(), release.aggregate(), release.noise(), release.noiseContributions(),
                release.shares(), release.invalidShares(), values, release.suppressionK(),
                ReleaseRule.apply(layout, values, release.suppressionK()), release.cost(), release.budgetAfter());
        Path file = dir.resolve("tampered.json");
        Files.write(file, RegistryJson.mapper().writeValueAsBytes(tampered));
        Run r = run(args(release.releaseId(), "--release-file", file.toString()));
        assertThat(r.out()).contains("VERDICT: INVALID").containsPattern("INVALID\\s+V\\.5");
        assertThat(r.exit()).isEqualTo(4);
    }

    @Test
    void anUnknownReleaseIsOneClearLineAndExitCode1() {
        Run r = run(args("no-such-release"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).contains("release no-such-release is not on").doesNotContain("\n");
    }

    @Test
    void aFileThatIsNotAJointKeyIsRefused() throws Exception {
        Path bad = dir.resolve("bad-key.json");
        Files.writeString(bad, "{\"hello\":1}", StandardCharsets.UTF_8);
        Run r = run("verify", "--release", "x", "--bootstrap-servers", KafkaTestBroker.get().bootstrapServers(),
                "--joint-key", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("does not hold a joint key");
    }
}

package org.rdregistry.demo.aggregates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.demo.Cli;
import org.rdregistry.demo.key.DemoKey;
import org.rdregistry.demo.synthetic.SyntheticPatients;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.testsupport.kafka.KafkaBrokerExtension;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

/** show-aggregates against a real broker: aggregates built from a few encrypted records, printed as the truth. */
@ExtendWith(KafkaBrokerExtension.class)
class ShowAggregatesTest {

    static final RegistrySchema SCHEMA = RegistrySchema.current();

    @TempDir
    Path keyDir;

    @Test
    void printsTheLatestAggregateOfEveryCohortDecryptedToTheTruth(KafkaTestBroker kafka) throws Exception {
        KeyPair key = DemoKey.create(keyDir);
        RecordEncryptor encryptor = new RecordEncryptor(SCHEMA, key.publicKey());
        SyntheticPatients patients = new SyntheticPatients(SCHEMA, List.of("ORPHA:558", "ORPHA:79445"),
                LocalDate.of(2025, 6, 30), 3);
        List<PlaintextRecord> a = new ArrayList<>();
        List<PlaintextRecord> b = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            a.add(patients.plaintext(patients.next("ORPHA:558")));
        }
        for (int i = 0; i < 2; i++) {
            b.add(patients.plaintext(patients.next("ORPHA:79445")));
        }
        CohortAggregate a2 = aggregate(encryptor, key, "ORPHA:558", a.subList(0, 2)).at(0, 5);
        CohortAggregate a3 = a2.plus(SCHEMA, key.group(), encrypt(encryptor, a.get(2), 9)).at(1, 3);
        CohortAggregate b2 = aggregate(encryptor, key, "ORPHA:79445", b).at(2, 7);

        String topic = kafka.createTopic(KafkaTestBroker.uniqueName("aggregates"), 3,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            send(producer, topic, "ORPHA:558", json(a2));
            send(producer, topic, "ORPHA:79445", json(b2));
            send(producer, topic, "ORPHA:558", json(a3));                                        // latest wins
            send(producer, topic, "ORPHA:1", json(CohortAggregate.empty(SCHEMA, key.group(), "ORPHA:1")));
            send(producer, topic, "ORPHA:1", null);                                              // erased cohort
            send(producer, topic, "ORPHA:2", json(CohortAggregate.empty(SCHEMA, key.group(), "ORPHA:2")));
        }

        Cli.Run run = Cli.run("show-aggregates", "--bootstrap", kafka.bootstrapServers(), "--dir", keyDir.toString(),
                "--topic", topic);
        assertThat(run.exit()).as(run.err()).isZero();
        String out = run.out();
        assertThat(out).contains("DEMO VIEW").contains("TEST-ONLY").contains("topic " + topic + ": 3 cohorts")
                .doesNotContain("ORPHA:1:");

        List<String> sectionA = section(out, "ORPHA:558");
        assertThat(sectionA.get(0)).isEqualTo("ORPHA:558: 3 patients");
        assertTruth(sectionA, a);
        assertThat(sectionA).contains(line("input position", "records topic partition:next offset 0:5, 1:3"));

        List<String> sectionB = section(out, "ORPHA:79445");
        assertThat(sectionB.get(0)).isEqualTo("ORPHA:79445: 2 patients");
        assertTruth(sectionB, b);
        assertThat(sectionB).contains(line("input position", "records topic partition:next offset 2:7"));

        List<String> empty = section(out, "ORPHA:2");
        assertThat(empty.get(0)).isEqualTo("ORPHA:2: 0 patients");
        assertThat(empty).contains(line("onsetMonths", "mean -, sd -"), line("region",
                "north: 0, south: 0, east: 0, west: 0, central: 0, overseas: 0, unknown: 0"));
    }

    /** Every histogram line and every mean/sd line of a section against the plaintext records. */
    static void assertTruth(List<String> section, List<PlaintextRecord> records) {
        int n = records.size();
        for (FieldSpec f : SCHEMA.fields()) {
            if (f instanceof FieldSpec.Categorical c) {
                String cells = c.categories().stream().map(label -> label + ": "
                        + records.stream().filter(r -> r.values().get(c.name()).equals(label)).count())
                        .collect(Collectors.joining(", "));
                assertThat(section).contains(line(c.name(), cells));
            } else if (f instanceof FieldSpec.Integer i) {
                double[] v = records.stream().mapToDouble(r -> ((Number) r.values().get(i.name())).doubleValue()).toArray();
                double mean = java.util.Arrays.stream(v).sum() / n;
                double sd = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
                String printed = section.stream().filter(l -> l.startsWith(String.format("  %-24s", i.name())))
                        .findFirst().orElseThrow();
                Matcher m = Pattern.compile("mean (-?[0-9.]+), sd ([0-9.]+)").matcher(printed);
                assertThat(m.find()).as(printed).isTrue();
                assertThat(m.group(1)).isEqualTo(String.format(Locale.ROOT, "%.1f", mean));
                assertThat(Double.parseDouble(m.group(2))).as(i.name() + " sd").isCloseTo(sd, within(0.05 + 1e-9));
            }
        }
    }

    static String line(String field, String value) {
        return String.format(Locale.ROOT, "  %-24s%s", field, value);
    }

    /** The lines of one cohort's block (from its title to the next blank line). */
    static List<String> section(String out, String cohort) {
        List<String> lines = out.lines().toList();
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith(cohort + ": ")).findFirst().orElseThrow(
                () -> new AssertionError("no section for " + cohort + " in:\n" + out)));
        int end = start;
        while (end < lines.size() && !lines.get(end).isBlank()) {
            end++;
        }
        return lines.subList(start, end);
    }

    static CohortAggregate aggregate(RecordEncryptor encryptor, KeyPair key, String cohort, List<PlaintextRecord> records) {
        CohortAggregate agg = CohortAggregate.empty(SCHEMA, key.group(), cohort);
        for (int i = 0; i < records.size(); i++) {
            agg = agg.plus(SCHEMA, key.group(), encrypt(encryptor, records.get(i), i));
        }
        return agg;
    }

    static RecordSubmission encrypt(RecordEncryptor encryptor, PlaintextRecord r, int i) {
        String id = String.format("record-%s-%06d", r.cohort().substring(6), i);
        return encryptor.encrypt(id, "digest-" + id, r);
    }

    static byte[] json(CohortAggregate a) {
        return RegistryJson.mapper().writeValueAsBytes(a);
    }

    static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
}

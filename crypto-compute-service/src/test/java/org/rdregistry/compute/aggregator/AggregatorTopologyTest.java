package org.rdregistry.compute.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.COHORT_B;
import static org.rdregistry.compute.TestRegistry.DEALER_KEY;
import static org.rdregistry.compute.TestRegistry.GROUP;
import static org.rdregistry.compute.TestRegistry.SCHEMA;
import static org.rdregistry.compute.TestRegistry.assertDecryptsTo;
import static org.rdregistry.compute.TestRegistry.patient;
import static org.rdregistry.compute.TestRegistry.update;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.compute.TestRegistry;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.compute.streams.JsonSerde;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.registry.topics.CohortPartitioner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The aggregator topology on Kafka's TopologyTestDriver (no broker), checked by decrypting the output
 * aggregates with the test-only dealer key and comparing with the plaintext truth.
 */
class AggregatorTopologyTest {

    static final String RECORDS = AggregatorDrivers.RECORDS;

    @TempDir
    Path stateDir;

    SimpleMeterRegistry meters;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> records;
    TestOutputTopic<String, CohortAggregate> aggregates;
    KeyValueStore<String, LatestRecord> latest;

    @BeforeEach
    void start() {
        meters = new SimpleMeterRegistry();
        // the driver feeds everything to partition 0: a records topic of one partition
        driver = AggregatorDrivers.start("aggregator-topology-test", stateDir, 1,
                new RecordRules(SCHEMA, DEALER_KEY.publicKey()), new AggregatorMetrics(meters), Duration.ZERO);
        records = AggregatorDrivers.records(driver);
        aggregates = AggregatorDrivers.aggregates(driver);
        latest = driver.getKeyValueStore(AggregatorTopology.LATEST_RECORDS_STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void newPatientsAddTheirCiphertextsToTheirCohort() {
        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        Patient b1 = patient("b1", COHORT_B);
        submit(a1, a2, b1);

        Map<String, CohortAggregate> out = aggregates.readKeyValuesToMap();
        assertDecryptsTo(out.get(COHORT_A), truth(a1, a2));
        assertDecryptsTo(out.get(COHORT_B), truth(b1));
        assertThat(out.get(COHORT_A).position()).isEqualTo(Map.of(0, 2L));
        assertThat(out.get(COHORT_B).position()).isEqualTo(Map.of(0, 3L));
        assertThat(out.get(COHORT_A).records()).isEqualTo(2);
        assertThat(out.get(COHORT_B).records()).isEqualTo(1);
        assertThat(latest.get(a1.key()).recordId()).isEqualTo(a1.submission().recordId());
        assertThat(counter("compute.records.verified")).isEqualTo(3);
        assertThat(meters.get("compute.proof.verification").timer().count()).isEqualTo(3);
        assertThat(meters.get("compute.aggregation.lag").timer().count()).isEqualTo(3);
    }

    @Test
    void anUpdateSubtractsTheOldRecordAndAddsTheNew() {
        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        Patient a1v2 = update(a1, "a1v2");
        submit(a1, a2, a1v2);

        List<CohortAggregate> emitted = aggregates.readValuesToList();
        assertThat(emitted).hasSize(3);
        CohortAggregate last = emitted.get(2);
        assertDecryptsTo(last, truth(a1v2, a2));
        assertThat(last.position()).isEqualTo(Map.of(0, 3L));
        assertThat(last.records()).isEqualTo(2);
        assertThat(latest.get(a1.key()).recordId()).isEqualTo(a1v2.submission().recordId());
        assertThat(counter("compute.records.verified")).isEqualTo(3);
    }

    @Test
    void aDuplicateResubmissionChangesNothingAndIsNotVerifiedAgain() {
        Patient a1 = patient("a1", COHORT_A);
        Patient a1v2 = update(a1, "a1v2");
        submit(a1, a1);
        assertThat(aggregates.readValuesToList()).hasSize(1);
        LatestRecord stored = latest.get(a1.key());

        submit(a1v2, a1v2, a1v2);
        List<CohortAggregate> emitted = aggregates.readValuesToList();
        assertThat(emitted).hasSize(1);
        assertDecryptsTo(emitted.get(0), truth(a1v2));
        assertThat(emitted.get(0).position()).isEqualTo(Map.of(0, 3L));
        assertThat(latest.get(a1.key())).isNotEqualTo(stored);
        assertThat(latest.get(a1.key()).recordId()).isEqualTo(a1v2.submission().recordId());
        assertThat(counter("compute.records.duplicates")).isEqualTo(3);
        assertThat(meters.get("compute.proof.verification").timer().count()).isEqualTo(2);
    }

    @Test
    void anErasureSubtractsTheRecordAndForgetsTheKey() {
        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        submit(a1, a2);
        records.pipeInput(a1.key(), null);

        List<CohortAggregate> emitted = aggregates.readValuesToList();
        assertThat(emitted).hasSize(3);
        assertDecryptsTo(emitted.get(2), truth(a2));
        assertThat(emitted.get(2).position()).isEqualTo(Map.of(0, 3L));
        assertThat(emitted.get(2).records()).isEqualTo(1);
        assertThat(latest.get(a1.key())).isNull();
        assertThat(latest.get(a2.key())).isNotNull();
        assertThat(counter("compute.records.erased", "outcome", "applied")).isEqualTo(1);

        // erased twice: nothing left to subtract; the same record again afterwards is a new patient
        records.pipeInput(a1.key(), null);
        assertThat(aggregates.isEmpty()).isTrue();
        submit(a1);
        CohortAggregate readded = aggregates.readValue();
        assertDecryptsTo(readded, truth(a2, a1));
        assertThat(readded.position()).isEqualTo(Map.of(0, 5L));
    }

    @Test
    void anErasureOfAnUnknownKeyDoesNothing() {
        Patient b1 = patient("b1", COHORT_B);
        records.pipeInput(b1.key(), null);
        assertThat(aggregates.isEmpty()).isTrue();
        assertThat(latest.approximateNumEntries()).isZero();
        assertThat(counter("compute.records.erased", "outcome", "unknown-key")).isEqualTo(1);
    }

    @Test
    void aRecordWithAnInvalidProofIsDroppedAndThePreviousVersionStays() {
        Patient b1 = patient("b1", COHORT_B);
        Patient b2 = patient("b2", COHORT_B);
        submit(b1);
        aggregates.readValue();
        // b1's identity with b2's ciphertexts: every proof is bound to b2's record id, not this one
        RecordSubmission forged = TestRegistry.withFieldsOf(b1.submission(), TestRegistry.recordId("forged-b1"),
                b2.submission());
        records.pipeInput(b1.key(), TestRegistry.event(forged));

        assertThat(aggregates.isEmpty()).isTrue();
        assertThat(latest.get(b1.key()).recordId()).isEqualTo(b1.submission().recordId());
        assertThat(counter("compute.records.rejected", "reason", "invalid-proof")).isEqualTo(1);
    }

    @Test
    void aRecordWhoseCohortIsNotTheKeysIsDropped() {
        Patient b1 = patient("b1", COHORT_B);
        records.pipeInput(b1.submission().pseudonym() + "/" + COHORT_A, b1.event());
        records.pipeInput(Topics.recordKey(patient("a1", COHORT_A).submission().pseudonym(), COHORT_B), b1.event());

        assertThat(aggregates.isEmpty()).isTrue();
        assertThat(latest.approximateNumEntries()).isZero();
        assertThat(counter("compute.records.rejected", "reason", "key-mismatch")).isEqualTo(2);
        assertThat(counter("compute.records.verified")).isZero();
    }

    @Test
    void malformedAndStructurallyInvalidEntriesAreDropped() {
        Patient b1 = patient("b1", COHORT_B);
        records.pipeInput(b1.key(), "not a record event".getBytes(StandardCharsets.UTF_8));
        records.pipeInput(b1.key(), "{\"hospitalId\":\"h\",\"acceptedAtMillis\":1}".getBytes(StandardCharsets.UTF_8));
        records.pipeInput((String) null, b1.event());
        RecordSubmission s = b1.submission();
        records.pipeInput(b1.key(), TestRegistry.event(TestRegistry.withoutField(s, "region")));
        records.pipeInput(b1.key(), TestRegistry.event(new RecordSubmission(s.recordId(), s.pseudonym(), s.cohort(),
                "2", s.contentDigest(), s.fields())));

        assertThat(aggregates.isEmpty()).isTrue();
        assertThat(latest.approximateNumEntries()).isZero();
        assertThat(counter("compute.records.rejected", "reason", "malformed")).isEqualTo(3);
        assertThat(counter("compute.records.rejected", "reason", "invalid-structure")).isEqualTo(2);
        // the stream is still alive
        submit(b1);
        assertDecryptsTo(aggregates.readValue(), truth(b1));
    }

    /**
     * Submissions, updates, erasures, duplicates and rejects interleaved over two cohorts: the final
     * aggregates decrypt to exactly the surviving patients, positions cover the last applied entry of
     * each cohort, and the ciphertexts are byte-for-byte those of a straightforward recomputation
     * with CohortAggregate.plus/minus (what a trustee does).
     */
    @Test
    void aMixedHistoryDecryptsToThePlaintextTruth() {
        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        Patient a3 = patient("a3", COHORT_A);
        Patient a1v2 = update(a1, "a1v2");
        Patient b1 = patient("b1", COHORT_B);
        Patient b2 = patient("b2", COHORT_B);

        submit(a1, a2, b1, a3);                                    // offsets 0-3
        submit(a1);                                                // 4: duplicate
        submit(a1v2);                                              // 5: update
        records.pipeInput(a2.key(), null);                         // 6: erasure
        submit(b2, b1);                                            // 7, 8 (duplicate)
        records.pipeInput(b2.key(), TestRegistry.event(
                TestRegistry.withFieldsOf(b2.submission(), TestRegistry.recordId("forged-b2"), a3.submission())));  // 9
        records.pipeInput(Topics.recordKey("n".repeat(43), COHORT_B), null); // 10: unknown erasure

        Map<String, CohortAggregate> out = aggregates.readKeyValuesToMap();
        assertDecryptsTo(out.get(COHORT_A), truth(a1v2, a3));
        assertDecryptsTo(out.get(COHORT_B), truth(b1, b2));
        assertThat(out.get(COHORT_A).position()).isEqualTo(Map.of(0, 7L));
        assertThat(out.get(COHORT_B).position()).isEqualTo(Map.of(0, 8L));

        CohortAggregate recomputedA = CohortAggregate.empty(SCHEMA, GROUP, COHORT_A)
                .plus(SCHEMA, GROUP, a1.submission()).plus(SCHEMA, GROUP, a2.submission())
                .plus(SCHEMA, GROUP, a3.submission())
                .minus(SCHEMA, GROUP, a1.submission()).plus(SCHEMA, GROUP, a1v2.submission())
                .minus(SCHEMA, GROUP, a2.submission()).at(0, 7);
        assertThat(out.get(COHORT_A)).isEqualTo(recomputedA);
        assertThat(new JsonSerde<>(CohortAggregate.class).serializer().serialize("t", out.get(COHORT_A)))
                .isEqualTo(new JsonSerde<>(CohortAggregate.class).serializer().serialize("t", recomputedA));

        KeyValueStore<String, CohortAggregate> store = driver.getKeyValueStore(AggregatorTopology.COHORT_AGGREGATES_STORE);
        assertThat(store.get(COHORT_A)).isEqualTo(out.get(COHORT_A));
        assertThat(latest.get(a2.key())).isNull();
        assertThat(counter("compute.records.verified")).isEqualTo(6);
        assertThat(counter("compute.records.duplicates")).isEqualTo(2);
        assertThat(counter("compute.records.rejected", "reason", "invalid-proof")).isEqualTo(1);
        assertThat(counter("compute.records.erased", "outcome", "applied")).isEqualTo(1);
        assertThat(counter("compute.records.erased", "outcome", "unknown-key")).isEqualTo(1);
        assertThat(counter("compute.aggregates.emitted")).isEqualTo(7);
    }

    @Test
    void aRecordOffItsCohortsPartitionIsDropped() {
        // with 6 partitions, a cohort whose partition is not 0 cannot be aggregated by the task of partition 0
        String elsewhere = java.util.stream.IntStream.range(1, 10_000).mapToObj(i -> "ORPHA:" + i)
                .filter(c -> CohortPartitioner.partitionOf(c, 6) != 0).findFirst().orElseThrow();
        String here = java.util.stream.IntStream.range(1, 10_000).mapToObj(i -> "ORPHA:" + i)
                .filter(c -> CohortPartitioner.partitionOf(c, 6) == 0).findFirst().orElseThrow();
        SimpleMeterRegistry sixMeters = new SimpleMeterRegistry();
        try (TopologyTestDriver six = AggregatorDrivers.start("aggregator-topology-test-6", stateDir.resolve("six"), 6,
                new RecordRules(SCHEMA, DEALER_KEY.publicKey()), new AggregatorMetrics(sixMeters), Duration.ZERO)) {
            var in = AggregatorDrivers.records(six);
            var out = AggregatorDrivers.aggregates(six);
            Patient wrong = patient("w1", elsewhere);
            Patient right = patient("r1", here);
            in.pipeInput(wrong.key(), wrong.event());
            in.pipeInput(right.key(), right.event());
            Map<String, CohortAggregate> emitted = out.readKeyValuesToMap();
            assertThat(emitted).containsOnlyKeys(here);
            assertThat(sixMeters.get("compute.records.rejected").tags("reason", "wrong-partition").counter().count())
                    .isEqualTo(1);
        }
    }

    private void submit(Patient... patients) {
        for (Patient p : patients) {
            records.pipeInput(p.key(), p.event());
        }
    }

    private static List<PlaintextRecord> truth(Patient... patients) {
        return java.util.Arrays.stream(patients).map(Patient::plaintext).toList();
    }

    private double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }
}

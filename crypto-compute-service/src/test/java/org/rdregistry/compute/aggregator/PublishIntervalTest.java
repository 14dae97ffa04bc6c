package org.rdregistry.compute.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.COHORT_B;
import static org.rdregistry.compute.TestRegistry.DEALER_KEY;
import static org.rdregistry.compute.TestRegistry.SCHEMA;
import static org.rdregistry.compute.TestRegistry.assertDecryptsTo;
import static org.rdregistry.compute.TestRegistry.patient;
import static org.rdregistry.compute.TestRegistry.update;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.registry.aggregate.CohortAggregate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The aggregator with a publish interval, on TopologyTestDriver: updates are not forwarded one by one;
 * each wall-clock tick publishes the latest aggregate of every cohort updated since the last tick, and
 * until then the cohort is noted in a (logged) store, so a committed state is never left unpublished.
 */
class PublishIntervalTest {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path stateDir;

    SimpleMeterRegistry meters;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> records;
    TestOutputTopic<String, CohortAggregate> aggregates;
    KeyValueStore<String, Long> unpublished;

    @BeforeEach
    void start() {
        meters = new SimpleMeterRegistry();
        driver = AggregatorDrivers.start("publish-interval-test", stateDir, 1,
                new RecordRules(SCHEMA, DEALER_KEY.publicKey()), new AggregatorMetrics(meters), INTERVAL);
        records = AggregatorDrivers.records(driver);
        aggregates = AggregatorDrivers.aggregates(driver);
        unpublished = driver.getKeyValueStore(AggregatorTopology.UNPUBLISHED_COHORTS_STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachTickPublishesTheLatestStateOfEveryUpdatedCohortOnce() {
        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        Patient b1 = patient("b1", COHORT_B);
        submit(a1, a2, b1);

        assertThat(aggregates.isEmpty()).as("nothing before the tick").isTrue();
        assertThat(unpublished.get(COHORT_A)).as("noted, committed with the aggregate").isNotNull();
        assertThat(unpublished.get(COHORT_B)).isNotNull();

        driver.advanceWallClockTime(INTERVAL);
        List<KeyValue<String, CohortAggregate>> out = aggregates.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactlyInAnyOrder(COHORT_A, COHORT_B);
        Map<String, CohortAggregate> byCohort = Map.of(out.get(0).key, out.get(0).value, out.get(1).key, out.get(1).value);
        assertDecryptsTo(byCohort.get(COHORT_A), List.of(a1.plaintext(), a2.plaintext()));
        assertDecryptsTo(byCohort.get(COHORT_B), List.of(b1.plaintext()));
        assertThat(byCohort.get(COHORT_A).position()).isEqualTo(Map.of(0, 2L));
        assertThat(byCohort.get(COHORT_B).position()).isEqualTo(Map.of(0, 3L));
        assertThat(unpublished.approximateNumEntries()).isZero();
        assertThat(meters.get("compute.aggregates.emitted").counter().count()).isEqualTo(2);
        assertThat(meters.get("compute.aggregation.lag").timer().count()).isEqualTo(2);

        driver.advanceWallClockTime(INTERVAL);
        assertThat(aggregates.isEmpty()).as("nothing changed, nothing published").isTrue();
        // the pending cohorts are a logged store: restored after a crash with the aggregates they belong to
        assertThat(driver.producedTopicNames()).contains("publish-interval-test-unpublished-cohorts-changelog");
    }

    @Test
    void laterUpdatesArePublishedAtTheNextTick() {
        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        submit(a1);
        driver.advanceWallClockTime(INTERVAL);
        assertDecryptsTo(aggregates.readValue(), List.of(a1.plaintext()));

        Patient a1v2 = update(a1, "a1v2");
        submit(a2, a1v2, a1v2);
        records.pipeInput(a2.key(), (byte[]) null);     // erasure of a2
        driver.advanceWallClockTime(INTERVAL);
        List<CohortAggregate> out = aggregates.readValuesToList();
        assertThat(out).hasSize(1);
        assertDecryptsTo(out.get(0), List.of(a1v2.plaintext()));
        assertThat(out.get(0).position()).isEqualTo(Map.of(0, 5L));
        assertThat(out.get(0).records()).isEqualTo(1);
    }

    private void submit(Patient... patients) {
        for (Patient p : patients) {
            records.pipeInput(p.key(), p.event());
        }
    }
}

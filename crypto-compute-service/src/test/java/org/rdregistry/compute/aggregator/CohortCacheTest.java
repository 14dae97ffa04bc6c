package org.rdregistry.compute.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.COHORT_B;
import static org.rdregistry.compute.TestRegistry.DEALER_KEY;
import static org.rdregistry.compute.TestRegistry.SCHEMA;
import static org.rdregistry.compute.TestRegistry.assertDecryptsTo;
import static org.rdregistry.compute.TestRegistry.patient;
import static org.rdregistry.compute.TestRegistry.update;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.compute.streams.JsonSerde;
import org.rdregistry.registry.aggregate.CohortAggregate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The processor keeps recently updated aggregates as objects instead of decoding them from the store
 * for every record: with a cache of one cohort (an eviction at every change of cohort) and with the
 * default cache, an interleaved history of two cohorts publishes byte-for-byte the same aggregates,
 * and they decrypt to the truth.
 */
class CohortCacheTest {

    private static final Serde<CohortAggregate> SERDE = new JsonSerde<>(CohortAggregate.class);

    @TempDir
    Path stateDir;

    @Test
    void evictingAtEveryCohortChangePublishesTheSameAggregatesAsKeepingThemAll() {
        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        Patient b1 = patient("b1", COHORT_B);
        Patient b2 = patient("b2", COHORT_B);
        Patient a1v2 = update(a1, "a1v2");
        List<KeyValue<String, byte[]>> history = List.of(
                KeyValue.pair(a1.key(), a1.event()), KeyValue.pair(b1.key(), b1.event()),
                KeyValue.pair(a2.key(), a2.event()), KeyValue.pair(b2.key(), b2.event()),
                KeyValue.pair(a1v2.key(), a1v2.event()), KeyValue.pair(b1.key(), null),
                KeyValue.pair(a2.key(), a2.event()));

        List<KeyValue<String, byte[]>> one = run("cache-one", 1, history);
        List<KeyValue<String, byte[]>> all = run("cache-all", CohortRecordProcessor.MAX_CACHED_COHORTS, history);

        assertThat(one).hasSize(6);   // the last entry is a duplicate: nothing published
        for (int i = 0; i < one.size(); i++) {
            assertThat(one.get(i).key).isEqualTo(all.get(i).key);
            assertThat(one.get(i).value).as("aggregate %d", i).isEqualTo(all.get(i).value);
        }
        assertDecryptsTo(SERDE.deserializer().deserialize("t", one.get(4).value), List.of(a1v2.plaintext(), a2.plaintext()));
        assertDecryptsTo(SERDE.deserializer().deserialize("t", one.get(5).value), List.of(b2.plaintext()));
    }

    @Test
    void aCacheMustHoldACohort() {
        assertThatThrownBy(() -> new CohortRecordProcessor(new RecordRules(SCHEMA, DEALER_KEY.publicKey()),
                new AggregatorMetrics(new SimpleMeterRegistry()), 1, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<KeyValue<String, byte[]>> run(String name, int cachedCohorts, List<KeyValue<String, byte[]>> history) {
        try (TopologyTestDriver driver = AggregatorDrivers.startCaching(name, stateDir.resolve(name),
                new RecordRules(SCHEMA, DEALER_KEY.publicKey()), cachedCohorts)) {
            TestInputTopic<String, byte[]> in = AggregatorDrivers.records(driver);
            history.forEach(kv -> in.pipeInput(kv.key, kv.value));
            List<KeyValue<String, byte[]>> out = new ArrayList<>();
            for (KeyValue<String, CohortAggregate> kv : AggregatorDrivers.aggregates(driver).readKeyValuesToList()) {
                out.add(KeyValue.pair(kv.key, SERDE.serializer().serialize("t", kv.value)));
            }
            return out;
        }
    }
}

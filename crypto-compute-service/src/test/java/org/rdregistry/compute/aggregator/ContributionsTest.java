package org.rdregistry.compute.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.COHORT_B;
import static org.rdregistry.compute.TestRegistry.GROUP;
import static org.rdregistry.compute.TestRegistry.SCHEMA;
import static org.rdregistry.compute.TestRegistry.patient;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rdregistry.compute.TestRegistry;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.compute.streams.JsonSerde;
import org.rdregistry.registry.aggregate.CohortAggregate;

class ContributionsTest {

    static final CohortAggregate EMPTY_A = CohortAggregate.empty(SCHEMA, GROUP, COHORT_A);

    @Test
    void vectorArithmeticMatchesRecordByRecordAggregation() {
        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        CohortAggregate c1 = EMPTY_A.plus(SCHEMA, GROUP, a1.submission());
        CohortAggregate c2 = EMPTY_A.plus(SCHEMA, GROUP, a2.submission());

        CohortAggregate both = Contributions.add(c1, c2);
        assertThat(both).isEqualTo(c1.plus(SCHEMA, GROUP, a2.submission()));
        assertThat(Contributions.subtract(both, c1)).isEqualTo(c2);
        assertThat(Contributions.add(both, Contributions.negate(c2))).isEqualTo(c1);
        assertThat(Contributions.add(c1, Contributions.negate(c1))).isEqualTo(EMPTY_A);
        TestRegistry.assertDecryptsTo(Contributions.subtract(c2, c1).at(0, 1).plus(SCHEMA, GROUP, a1.submission()),
                List.of(a2.plaintext()));
    }

    @Test
    void keepsTheLeftOperandsPositionAndDropsItOnRequest() {
        CohortAggregate positioned = EMPTY_A.at(3, 17);
        assertThat(Contributions.add(positioned, EMPTY_A).position()).isEqualTo(Map.of(3, 17L));
        assertThat(Contributions.withoutPosition(positioned).position()).isEmpty();
    }

    @Test
    void refusesToMixCohorts() {
        assertThatThrownBy(() -> Contributions.add(EMPTY_A, CohortAggregate.empty(SCHEMA, GROUP, COHORT_B)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(COHORT_B);
    }

    @Test
    void storeValuesRoundTripThroughTheirSerdes() {
        CohortAggregate c1 = EMPTY_A.plus(SCHEMA, GROUP, patient("a1", COHORT_A).submission());
        JsonSerde<LatestRecord> latest = new JsonSerde<>(LatestRecord.class);
        LatestRecord record = new LatestRecord("record-a1-000000", c1);
        assertThat(latest.deserializer().deserialize("t", latest.serializer().serialize("t", record))).isEqualTo(record);
        JsonSerde<CohortAggregate> aggregates = new JsonSerde<>(CohortAggregate.class);
        CohortAggregate negated = Contributions.negate(c1).at(4, 99);
        assertThat(negated.records()).isEqualTo(-1);
        assertThat(aggregates.deserializer().deserialize("t", aggregates.serializer().serialize("t", negated)))
                .isEqualTo(negated);
        assertThat(latest.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> aggregates.deserializer().deserialize("t", "{\"x\":1}".getBytes()))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageNotContaining("\"x\"");
    }
}

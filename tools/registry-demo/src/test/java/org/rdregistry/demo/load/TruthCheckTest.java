package org.rdregistry.demo.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.rdregistry.demo.synthetic.SyntheticPatients;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.schema.RegistrySchema;

/** The verdict arithmetic on plaintext (the aggregates seen as plain numbers; no crypto). */
class TruthCheckTest {

    static final RegistrySchema SCHEMA = RegistrySchema.current();

    static List<PlaintextRecord> records(int n, String... cohorts) {
        SyntheticPatients g = new SyntheticPatients(SCHEMA, List.of(cohorts), LocalDate.of(2025, 6, 30), 11);
        List<PlaintextRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(g.plaintext(g.next(cohorts[i % cohorts.length])));
        }
        return out;
    }

    /** Aggregates that "decrypt" to the truth of the given records. */
    static Function<String, TruthCheck.Observed> aggregatesOf(List<PlaintextRecord> records) {
        Map<String, Map<String, Long>> items = new HashMap<>(Truth.of(SCHEMA, records).cohorts());
        return cohort -> items.containsKey(cohort) ? item -> items.get(cohort).get(item) : null;
    }

    @Test
    void truthHasEveryItemOfTheSchemaWithShiftedSums() {
        List<PlaintextRecord> records = records(3, "ORPHA:558");
        Map<String, Long> t = Truth.of(SCHEMA, records).cohorts().get("ORPHA:558");
        assertThat(t.get(Truth.COUNT)).isEqualTo(3);
        assertThat(t).hasSize(Truth.empty(SCHEMA).size());
        long female = records.stream().filter(r -> r.values().get("sex").equals("female")).count();
        assertThat(t.get(Truth.cell("sex", "female"))).isEqualTo(female);
        long onsetSquares = records.stream().mapToLong(r -> {
            long v = ((Number) r.values().get("onsetMonths")).longValue();   // min is 0
            return v * v;
        }).sum();
        assertThat(t.get(Truth.sumOfSquares("onsetMonths"))).isEqualTo(onsetSquares);
        // each categorical field's cells add up to the count
        assertThat(t.entrySet().stream().filter(e -> e.getKey().startsWith("region=")).mapToLong(Map.Entry::getValue).sum())
                .isEqualTo(3);
    }

    @Test
    void identicalAggregatesPass() {
        List<PlaintextRecord> records = records(5, "ORPHA:558", "ORPHA:79445");
        TruthCheck.Verdict v = TruthCheck.check(Truth.of(SCHEMA, records), aggregatesOf(records));
        assertThat(v.pass()).isTrue();
        assertThat(v.lost()).isZero();
        assertThat(v.duplicated()).isZero();
        assertThat(v.lostPerCohort()).containsOnly(Map.entry("ORPHA:558", 0L), Map.entry("ORPHA:79445", 0L));
    }

    @Test
    void aLostRecordFails() {
        List<PlaintextRecord> records = records(5, "ORPHA:558", "ORPHA:79445");
        List<PlaintextRecord> aggregated = records.subList(1, 5);    // record 0 (ORPHA:558) never arrived
        TruthCheck.Verdict v = TruthCheck.check(Truth.of(SCHEMA, records), aggregatesOf(aggregated));
        assertThat(v.pass()).isFalse();
        assertThat(v.lost()).isEqualTo(1);
        assertThat(v.duplicated()).isZero();
        assertThat(v.lostPerCohort()).containsEntry("ORPHA:558", 1L).containsEntry("ORPHA:79445", 0L);
        assertThat(v.mismatches()).extracting(TruthCheck.Mismatch::item).contains(Truth.COUNT,
                Truth.cell("sex", (String) records.get(0).values().get("sex")));
        assertThat(v.mismatches()).allSatisfy(m -> assertThat(m.cohort()).isEqualTo("ORPHA:558"));
    }

    @Test
    void aDuplicatedRecordFails() {
        List<PlaintextRecord> records = records(4, "ORPHA:558", "ORPHA:79445");
        List<PlaintextRecord> aggregated = new ArrayList<>(records);
        aggregated.add(records.get(1));                               // counted twice
        TruthCheck.Verdict v = TruthCheck.check(Truth.of(SCHEMA, records), aggregatesOf(aggregated));
        assertThat(v.pass()).isFalse();
        assertThat(v.lost()).isZero();
        assertThat(v.duplicated()).isEqualTo(1);
        assertThat(v.lostPerCohort()).containsEntry("ORPHA:79445", -1L);
        assertThat(v.mismatches()).filteredOn(m -> m.item().equals(Truth.COUNT)).singleElement()
                .satisfies(m -> assertThat(m.observed()).isEqualTo(m.expected() + 1));
    }

    @Test
    void aWrongValueWithTheRightCountFails() {
        List<PlaintextRecord> records = records(3, "ORPHA:558");
        Map<String, Long> wrong = new HashMap<>(Truth.of(SCHEMA, records).cohorts().get("ORPHA:558"));
        wrong.merge(Truth.sum("diagnosisMonths"), 1L, Long::sum);
        TruthCheck.Verdict v = TruthCheck.check(Truth.of(SCHEMA, records), c -> wrong::get);
        assertThat(v.pass()).isFalse();
        assertThat(v.lost()).isZero();
        assertThat(v.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.item()).isEqualTo("diagnosisMonths.sum");
            assertThat(m.observed()).isEqualTo(m.expected() + 1);
        });
    }

    @Test
    void aCohortWithoutAggregateLosesAllItsRecords() {
        List<PlaintextRecord> records = records(4, "ORPHA:558", "ORPHA:79445");
        Function<String, TruthCheck.Observed> onlyOne = c -> c.equals("ORPHA:558")
                ? aggregatesOf(records).apply(c) : null;
        TruthCheck.Verdict v = TruthCheck.check(Truth.of(SCHEMA, records), onlyOne);
        assertThat(v.pass()).isFalse();
        assertThat(v.missingCohorts()).containsExactly("ORPHA:79445");
        assertThat(v.lost()).isEqualTo(2);
    }
}

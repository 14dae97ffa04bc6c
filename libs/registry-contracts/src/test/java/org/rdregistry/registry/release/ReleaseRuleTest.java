package org.rdregistry.registry.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rdregistry.registry.schema.RegistrySchema;

/** The release rule on a tiny schema, with every expected number worked out by hand. */
class ReleaseRuleTest {

    /** Slots: count, sex[f], sex[m], sex[x], onset.sum, onset.sumOfSquares, weight.sum. */
    static final RegistrySchema SCHEMA = RegistrySchema.parse(new ByteArrayInputStream("""
            {"schemaVersion": "t", "fields": [
              {"name": "sex", "type": "categorical", "categories": ["f", "m", "x"]},
              {"name": "onset", "type": "integer", "min": 10, "max": 20, "squares": true},
              {"name": "weight", "type": "integer", "min": -5, "max": 100}
            ]}""".getBytes(StandardCharsets.UTF_8)));
    static final ReleaseLayout LAYOUT = ReleaseLayout.of(SCHEMA);

    static List<Long> values(long... v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    @Test
    void layoutOfTheTestSchema() {
        assertThat(LAYOUT.slots()).extracting(Slot::name).containsExactly("count", "sex[f]", "sex[m]", "sex[x]",
                "onset.sum", "onset.sumOfSquares", "weight.sum");
    }

    @Test
    void countAtKIsShownAndCellsBelowKAreSuppressed() {
        // n = 11 (= k): shown. Cells: 11 (= k) shown, 10 (= k - 1) and -1 suppressed.
        // onset: sum of (v - 10) = 22, sum of squares = 66 -> mean 22/11 + 10 = 12, variance 66/11 - 2^2 = 2.
        // weight: sum of (v + 5) = 55 -> mean 55/11 - 5 = 0, no squares -> no standard deviation.
        ReleasedStatistics s = ReleaseRule.apply(LAYOUT, values(11, 11, 10, -1, 22, 66, 55), 11);
        assertThat(s.n()).isEqualTo(11L);
        assertThat(s.countSuppressed()).isFalse();
        assertThat(s.histograms().get("sex")).containsEntry("f", 11L).containsEntry("m", null).containsEntry("x", null);
        assertThat(s.suppressed()).containsExactly("sex[m]", "sex[x]");
        assertThat(s.numeric().get("onset").mean()).isEqualTo(12.0);
        assertThat(s.numeric().get("onset").standardDeviation()).isEqualTo(Math.sqrt(2.0));
        assertThat(s.numeric().get("weight").mean()).isEqualTo(0.0);
        assertThat(s.numeric().get("weight").standardDeviation()).isNull();
    }

    @Test
    void countBelowKSuppressesEverything() {
        ReleasedStatistics s = ReleaseRule.apply(LAYOUT, values(10, 30, 30, 30, 22, 66, 55), 11);
        assertThat(s.n()).isNull();
        assertThat(s.countSuppressed()).isTrue();
        assertThat(s.histograms().get("sex")).containsEntry("f", null).containsEntry("m", null).containsEntry("x", null);
        assertThat(s.numeric().get("onset").mean()).isNull();
        assertThat(s.numeric().get("onset").standardDeviation()).isNull();
        assertThat(s.numeric().get("weight").mean()).isNull();
        assertThat(s.suppressed()).containsExactly("count", "sex[f]", "sex[m]", "sex[x]", "onset.sum",
                "onset.sumOfSquares", "weight.sum");
    }

    @Test
    void noiseCanMakeTheVarianceNegativeWhichIsClampedToZero() {
        // n = 20, sum = 40 -> mean shift 2, sum of squares 60 -> 3 - 4 = -1 -> 0. Weight sum -30 -> -1.5 - 5.
        ReleasedStatistics s = ReleaseRule.apply(LAYOUT, values(20, 12, 8, 0, 40, 60, -30), 11);
        assertThat(s.numeric().get("onset").mean()).isEqualTo(12.0);
        assertThat(s.numeric().get("onset").standardDeviation()).isEqualTo(0.0);
        assertThat(s.numeric().get("weight").mean()).isEqualTo(-6.5);
        assertThat(s.suppressed()).containsExactly("sex[m]", "sex[x]");
    }

    @Test
    void kIsAParameter() {
        ReleasedStatistics s = ReleaseRule.apply(LAYOUT, values(3, 2, 1, 0, 3, 5, 9), 2);
        assertThat(s.n()).isEqualTo(3L);
        assertThat(s.histograms().get("sex")).containsEntry("f", 2L).containsEntry("m", null);
        // mean 3/3 + 10 = 11; variance 5/3 - 1 = 2/3
        assertThat(s.numeric().get("onset").mean()).isEqualTo(11.0);
        assertThat(s.numeric().get("onset").standardDeviation()).isEqualTo(Math.sqrt(5.0 / 3 - 1));
    }

    @Test
    void acceptsTheImmutableListsOfARelease() {
        ReleasedStatistics s = ReleaseRule.apply(LAYOUT, List.copyOf(values(11, 11, 10, -1, 22, 66, 55)), 11);
        assertThat(s.n()).isEqualTo(11L);
    }

    @Test
    void wrongInputIsRefused() {
        List<Long> withNull = new java.util.ArrayList<>(values(11, 11, 10, -1, 22, 66, 55));
        withNull.set(3, null);
        assertThatThrownBy(() -> ReleaseRule.apply(LAYOUT, withNull, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReleaseRule.apply(LAYOUT, values(1, 2), 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReleaseRule.apply(LAYOUT, values(11, 11, 10, -1, 22, 66, 55), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemaV1LayoutAppliesToo() {
        ReleaseLayout v1 = ReleaseLayout.of(RegistrySchema.current());
        List<Long> noisy = new java.util.ArrayList<>(java.util.Collections.nCopies(v1.size(), 50L));
        ReleasedStatistics s = ReleaseRule.apply(v1, noisy, ReleaseRule.DEFAULT_K);
        assertThat(s.n()).isEqualTo(50L);
        assertThat(s.suppressed()).isEmpty();
        assertThat(s.histograms()).containsKeys("sex", "ageBand", "region");
        assertThat(s.numeric()).containsOnlyKeys("onsetMonths", "diagnosisMonths", "diagnosticDelayMonths");
        assertThat(s.numeric().get("onsetMonths").mean()).isEqualTo(1.0);
    }
}

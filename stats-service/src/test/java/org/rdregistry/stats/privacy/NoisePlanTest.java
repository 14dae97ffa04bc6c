package org.rdregistry.stats.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.schema.RegistrySchema;

class NoisePlanTest {

    static final ReleaseLayout LAYOUT = ReleaseLayout.of(RegistrySchema.current());

    @Test
    void theWholeReleaseCostsRhoPerReleaseWithTheMinimumOfContributors() {
        NoisePlan plan = NoisePlan.gaussian(Rational.of(1, 2), LAYOUT, 2);
        // 52 slots in 17 queries (count, 10 histograms, 3 sums, 3 sums of squares), rho 1/2:
        // sigma2PerUnit = 17 / (2 · 1/2) = 17, every query costs 1/34
        assertThat(LAYOUT.size()).isEqualTo(52);
        assertThat(NoisePlan.queries(LAYOUT)).isEqualTo(17);
        assertThat(plan.parameters()).isEqualTo(NoiseParameters.gaussian(Rational.of(17)));
        assertThat(plan.worstCaseCost().orElseThrow().totalRho()).isEqualTo(Rational.of(1, 2));
        assertThat(plan.cost(2).totalRho()).isEqualTo(Rational.of(1, 2));
        // a third contributor: two honest noises count, about half the cost, never more
        assertThat(plan.cost(3).totalRho()).isLessThan(Rational.of(1, 2)).isGreaterThan(Rational.of(1, 4));
        assertThat(plan.isPrivate()).isTrue();
    }

    @Test
    void withoutNoiseThereIsNoFiniteCost() {
        NoisePlan plan = NoisePlan.none(LAYOUT, 2);
        assertThat(plan.isPrivate()).isFalse();
        assertThat(plan.worstCaseCost()).isEmpty();
        assertThatThrownBy(() -> plan.cost(2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertThatThrownBy(() -> NoisePlan.gaussian(Rational.ZERO, LAYOUT, 2)).isInstanceOf(IllegalArgumentException.class);
        // a variance for the sums of squares (sensitivity 1.44e6) beyond the sampler's 2^64
        assertThatThrownBy(() -> NoisePlan.gaussian(Rational.of(1, 1_000_000_000L), LAYOUT, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

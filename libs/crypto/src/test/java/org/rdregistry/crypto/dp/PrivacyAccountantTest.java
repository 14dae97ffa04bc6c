package org.rdregistry.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * Accountant arithmetic against values worked out by hand (spec §6.6). L = ln(10^6) =
 * 13.815510557964274 throughout.
 */
class PrivacyAccountantTest {

    private static final Rational DELTA = Rational.of(1, 1_000_000);

    @Test
    void gaussianCostIsDeltaSquaredOverTwoSigmaSquared() {
        assertThat(PrivacyCost.discreteGaussian(1, Rational.of(1)).zcdpRho()).isEqualTo(Rational.of(1, 2));
        // 2^2 / (2 * 5/2) = 4/5
        assertThat(PrivacyCost.discreteGaussian(2, Rational.of(5, 2)).zcdpRho()).isEqualTo(Rational.of(4, 5));
        // 3^2 / (2 * 10) = 9/20
        assertThat(PrivacyCost.discreteGaussian(3, Rational.of(10)).totalRho()).isEqualTo(Rational.of(9, 20));
        assertThat(PrivacyCost.discreteGaussian(1, Rational.of(1)).isPure()).isFalse();
    }

    @Test
    void laplaceCostIsDeltaOverScale() {
        PrivacyCost c = PrivacyCost.discreteLaplace(1, Rational.of(2));
        assertThat(c.pureEpsilon()).isEqualTo(Rational.of(1, 2));
        assertThat(c.pureRho()).isEqualTo(Rational.of(1, 8)); // (1/2)^2 / 2
        // 3 / (5/2) = 6/5, rho = (6/5)^2 / 2 = 18/25
        PrivacyCost d = PrivacyCost.discreteLaplace(3, Rational.of(5, 2));
        assertThat(d.pureEpsilon()).isEqualTo(Rational.of(6, 5));
        assertThat(d.pureRho()).isEqualTo(Rational.of(18, 25));
        assertThat(d.epsilonIfPure()).contains(Rational.of(6, 5));
    }

    @Test
    void compositionAddsComponents() {
        PrivacyCost sum = PrivacyCost.discreteGaussian(1, Rational.of(1))
                .plus(PrivacyCost.discreteGaussian(2, Rational.of(5, 2)))
                .plus(PrivacyCost.discreteLaplace(1, Rational.of(2)));
        assertThat(sum.zcdpRho()).isEqualTo(Rational.of(13, 10)); // 1/2 + 4/5
        assertThat(sum.pureEpsilon()).isEqualTo(Rational.of(1, 2));
        assertThat(sum.totalRho()).isEqualTo(Rational.of(57, 40)); // 13/10 + 1/8
        assertThat(sum.epsilonIfPure()).isEmpty();
    }

    @Test
    void zcdpToApproximateDpConversionIsConservative() {
        // rho = 1/2: 0.5 + 2 sqrt(0.5 * L) = 0.5 + 2 * 2.628260885 = 5.756521770
        double eps = PrivacyCost.epsilonFromRho(Rational.of(1, 2), DELTA);
        assertThat(eps).isGreaterThanOrEqualTo(5.7565217697).isLessThan(5.7565217698 + 1e-9);
        assertThat(PrivacyCost.epsilonFromRho(Rational.ZERO, DELTA)).isZero();

        // Gaussian rho 1/2 plus Laplace eps 1/2: min(0.5 + 5.756521770, 5/8 + 2 sqrt(5/8 L) = 6.501970001)
        PrivacyCost mixed = PrivacyCost.discreteGaussian(1, Rational.of(1)).plus(PrivacyCost.discreteLaplace(1, Rational.of(2)));
        assertThat(mixed.epsilon(DELTA)).isGreaterThanOrEqualTo(6.2565217697).isLessThan(6.2565217698 + 1e-9);

        // Three Laplace releases of eps 1/2: pure composition gives 3/2, better than 3/8 + 2 sqrt(3/8 L) = 4.93.
        PrivacyCost pure = PrivacyCost.pure(Rational.of(1, 2)).plus(PrivacyCost.pure(Rational.of(1, 2)))
                .plus(PrivacyCost.pure(Rational.of(1, 2)));
        assertThat(pure.epsilon(DELTA)).isGreaterThanOrEqualTo(1.5).isLessThan(1.5 + 1e-9);
    }

    @Test
    void deltaMustBeAProbability() {
        assertThatThrownBy(() -> PrivacyCost.epsilonFromRho(Rational.ONE, Rational.ZERO)).hasMessageContaining("N.9");
        assertThatThrownBy(() -> PrivacyCost.epsilonFromRho(Rational.ONE, Rational.ONE)).hasMessageContaining("N.9");
        assertThatThrownBy(() -> PrivacyBudget.approximate(Rational.ONE, Rational.of(2))).hasMessageContaining("N.9");
        assertThatThrownBy(() -> new PrivacyBudget(PrivacyBudget.Kind.ZCDP, Rational.ONE, DELTA)).hasMessageContaining("N.9");
    }

    @Test
    void budgetsAndCostsAreValidated() {
        assertThatThrownBy(() -> PrivacyBudget.zcdp(Rational.ZERO)).hasMessageContaining("N.10");
        assertThatThrownBy(() -> PrivacyBudget.pure(Rational.of(-1))).hasMessageContaining("N.10");
        assertThatThrownBy(() -> PrivacyCost.discreteGaussian(0, Rational.ONE)).hasMessageContaining("N.8");
        assertThatThrownBy(() -> PrivacyCost.discreteLaplace(-3, Rational.ONE)).hasMessageContaining("N.8");
        assertThatThrownBy(() -> PrivacyCost.discreteGaussian(1, Rational.ZERO)).hasMessageContaining("N.6");
        assertThatThrownBy(() -> PrivacyCost.zcdp(Rational.of(-1, 2))).hasMessageContaining("N.13");
    }

    @Test
    void zcdpBudgetIsExhaustedExactlyAtTheLimit() {
        PrivacyAccountant a0 = PrivacyAccountant.open("ORPHA:558", PrivacyBudget.zcdp(Rational.ONE));
        PrivacyCost half = PrivacyCost.discreteGaussian(1, Rational.ONE); // rho 1/2
        PrivacyAccountant a1 = a0.spend(half);
        PrivacyAccountant a2 = a1.spend(half);
        assertThat(a2.spent().totalRho()).isEqualTo(Rational.ONE);
        assertThat(a2.releases()).isEqualTo(2);
        assertThat(a1.affordableRho()).isEqualTo(Rational.of(1, 2));
        assertThat(a2.affordableRho()).isEqualTo(Rational.ZERO);
        assertThat(a2.canAfford(PrivacyCost.ZERO)).isTrue();
        // Even the cheapest further release is refused.
        PrivacyCost tiny = PrivacyCost.discreteGaussian(1, Rational.of(1L << 40));
        assertThat(a2.canAfford(tiny)).isFalse();
        assertThatThrownBy(() -> a2.spend(tiny)).isInstanceOf(BudgetExhaustedException.class)
                .hasMessageContaining("ORPHA:558").hasMessageContaining("exhausted").hasMessageContaining("limit 1");
        // Immutable: the earlier states are untouched.
        assertThat(a0.spent()).isEqualTo(PrivacyCost.ZERO);
        assertThat(a1.spent().totalRho()).isEqualTo(Rational.of(1, 2));
    }

    @Test
    void zcdpBudgetAlsoPaysForLaplaceViaEpsilonSquaredOverTwo() {
        // eps = 1 Laplace costs rho = 1/2 in zCDP.
        PrivacyAccountant a = PrivacyAccountant.open("c", PrivacyBudget.zcdp(Rational.of(3, 4)))
                .spend(PrivacyCost.discreteLaplace(1, Rational.ONE));
        assertThat(a.spent().totalRho()).isEqualTo(Rational.of(1, 2));
        assertThat(a.canAfford(PrivacyCost.discreteGaussian(1, Rational.of(2)))).isTrue(); // + 1/4 = 3/4
        assertThat(a.canAfford(PrivacyCost.discreteGaussian(1, Rational.of(19, 10)))).isFalse(); // + 5/19
    }

    @Test
    void pureBudgetRefusesGaussianNoise() {
        PrivacyAccountant a = PrivacyAccountant.open("c", PrivacyBudget.pure(Rational.ONE));
        PrivacyCost lap = PrivacyCost.discreteLaplace(1, Rational.of(2)); // eps 1/2
        PrivacyAccountant b = a.spend(lap).spend(lap);
        assertThat(b.spent().pureEpsilon()).isEqualTo(Rational.ONE);
        assertThatThrownBy(() -> b.spend(lap)).isInstanceOf(BudgetExhaustedException.class);
        PrivacyCost gauss = PrivacyCost.discreteGaussian(1, Rational.of(1000));
        assertThat(a.canAfford(gauss)).isFalse();
        assertThatThrownBy(() -> a.spend(gauss)).isInstanceOf(BudgetExhaustedException.class)
                .hasMessageContaining("not pure");
        assertThat(a.affordableRho()).isEqualTo(Rational.ZERO);
    }

    @Test
    void approximateBudgetUsesTheConversion() {
        PrivacyAccountant a = PrivacyAccountant.open("c", PrivacyBudget.approximate(Rational.of(6), DELTA));
        PrivacyAccountant b = a.spend(PrivacyCost.discreteGaussian(1, Rational.ONE)); // eps 5.7565 <= 6
        assertThat(b.spentEpsilon(DELTA)).isBetween(5.7565217697, 5.7565217698 + 1e-9);
        // rho 1/2 + 1/20 = 0.55: 0.55 + 2 sqrt(0.55 L) = 6.0630865 > 6
        assertThatThrownBy(() -> b.spend(PrivacyCost.discreteGaussian(1, Rational.of(10))))
                .isInstanceOf(BudgetExhaustedException.class).hasMessageContaining("(limit 6)");
        // Largest affordable rho: (sqrt(L + 6) - sqrt(L))^2 - 1/2 = 0.0395481765
        double affordable = b.affordableRho().toDoubleDown();
        assertThat(affordable).isBetween(0.0395481765 - 1e-9, 0.0395481766);
        assertThat(b.canAfford(PrivacyCost.zcdp(b.affordableRho()))).isTrue();
        assertThat(b.canAfford(PrivacyCost.zcdp(b.affordableRho().add(Rational.of(1, 1_000_000_000))))).isFalse();
    }

    @Test
    void accountantStateRoundTripsThroughJson() {
        PrivacyAccountant a = PrivacyAccountant.open("ORPHA:558", PrivacyBudget.approximate(Rational.of(3), DELTA))
                .spend(PrivacyCost.discreteGaussian(1, Rational.of(40)))
                .spend(PrivacyCost.discreteLaplace(1, Rational.of(7, 2)));
        JsonMapper mapper = JsonMapper.builder().enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        String json = mapper.writeValueAsString(a);
        assertThat(json).contains("\"zcdpRho\":\"1/80\"").contains("\"pureEpsilon\":\"2/7\"")
                .contains("\"delta\":\"1/1000000\"").doesNotContain("\"pure\"");
        assertThat(mapper.readValue(json, PrivacyAccountant.class)).isEqualTo(a);
    }
}

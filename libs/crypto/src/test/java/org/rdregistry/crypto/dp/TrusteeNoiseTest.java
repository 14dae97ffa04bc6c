package org.rdregistry.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The collusion rule of spec §6.6.5, with values worked out by hand. */
class TrusteeNoiseTest {

    @Test
    void honestMinimumIsContributorsMinusThresholdPlusOne() {
        assertThat(TrusteeNoise.honestMinimum(5, 3)).isEqualTo(3);
        assertThat(TrusteeNoise.honestMinimum(3, 3)).isEqualTo(1);
        assertThat(TrusteeNoise.honestMinimum(1, 1)).isEqualTo(1);
        assertThatThrownBy(() -> TrusteeNoise.honestMinimum(2, 3)).hasMessageContaining("N.11");
        assertThatThrownBy(() -> TrusteeNoise.honestMinimum(2, 0)).hasMessageContaining("N.11");
    }

    @Test
    void singleHonestTrusteeIsTheExactCksBound() {
        assertThat(TrusteeNoise.gaussianCost(1, Rational.ONE, 3, 3).totalRho()).isEqualTo(Rational.of(1, 2));
        assertThat(TrusteeNoise.gaussianCost(2, Rational.of(5, 2), 1, 1).totalRho()).isEqualTo(Rational.of(4, 5));
    }

    @Test
    void costUsesOnlyTheHonestMinimum() {
        // 5 contributors, t = 3: m = 3 honest, sigma^2 = 10 each: rho ~ 1/(2 * 30) = 1/60; tau =
        // 10 (e^(-2 pi^2 10 / 2) + e^(-2 pi^2 10 * 2/3)) ~ 1.4e-42 is negligible.
        Rational rho = TrusteeNoise.gaussianCost(1, Rational.of(10), 5, 3).totalRho();
        assertThat(rho).isGreaterThanOrEqualTo(Rational.of(1, 60));
        assertThat(rho.subtract(Rational.of(1, 60)).toDoubleUp()).isLessThan(1e-12);
        // Never charged as if all five trustees' noise (variance 50, rho 1/100) protected the value.
        assertThat(rho).isGreaterThan(Rational.of(1, 100));
    }

    @Test
    void smallNoiseIncludesTheSumCorrectionTau() {
        // m = 2, sigma^2 = 1: tau = 10 e^(-pi^2) = 5.1723186e-4;
        // rho = (1/sqrt 2 + tau)^2 / 2 = 0.25036587192
        double rho = TrusteeNoise.gaussianCost(1, Rational.ONE, 3, 2).totalRho().toDoubleUp();
        assertThat(rho).isBetween(0.2503658719, 0.2503658720);
    }

    @Test
    void laplaceIsChargedAsOneHonestTrustee() {
        PrivacyCost c = TrusteeNoise.laplaceCost(1, Rational.of(2), 5, 3);
        assertThat(c.pureEpsilon()).isEqualTo(Rational.of(1, 2));
        assertThatThrownBy(() -> TrusteeNoise.laplaceCost(1, Rational.of(2), 2, 3)).hasMessageContaining("N.11");
    }

    @Test
    void perTrusteeSigma2MeetsTheTargetAndIsNearlyMinimal() {
        // m = 2, rho = 1/100: ideal sigma^2 = 1 / (2 * 0.01 * 2) = 25, tau negligible.
        Rational s = TrusteeNoise.sigma2PerTrustee(Rational.of(1, 100), 1, 3, 2);
        assertThat(s.toDoubleDown()).isBetween(25.0, 25.0001);
        assertThat(TrusteeNoise.gaussianCost(1, s, 3, 2).totalRho()).isLessThanOrEqualTo(Rational.of(1, 100));

        // m = 3, rho = 1/2: ideal 1/3, but tau(1/3) ~ 0.5 is large; by hand 1/sqrt(3s) + tau(s) = 1
        // lies between s = 0.4 (1.157) and s = 0.5 (0.902).
        Rational r = TrusteeNoise.sigma2PerTrustee(Rational.of(1, 2), 1, 5, 3);
        assertThat(r.toDoubleDown()).isBetween(0.4, 0.5);
        assertThat(TrusteeNoise.gaussianCost(1, r, 5, 3).totalRho()).isLessThanOrEqualTo(Rational.of(1, 2));
        Rational smaller = r.multiply(Rational.of(999, 1000));
        assertThat(TrusteeNoise.gaussianCost(1, smaller, 5, 3).totalRho()).isGreaterThan(Rational.of(1, 2));

        // m = 1: exactly Delta^2 / (2 rho).
        assertThat(TrusteeNoise.sigma2PerTrustee(Rational.of(1, 2), 1, 3, 3)).isEqualTo(Rational.ONE);
        assertThat(TrusteeNoise.sigma2PerTrustee(Rational.of(1, 8), 3, 2, 2)).isEqualTo(Rational.of(36));
    }

    @Test
    void perTrusteeSigma2RejectsBadTargets() {
        assertThatThrownBy(() -> TrusteeNoise.sigma2PerTrustee(Rational.ZERO, 1, 3, 2)).hasMessageContaining("N.12");
        assertThatThrownBy(() -> TrusteeNoise.sigma2PerTrustee(Rational.ONE, 0, 3, 2)).hasMessageContaining("N.8");
        assertThatThrownBy(() -> TrusteeNoise.sigma2PerTrustee(Rational.ONE, 1, 1, 2)).hasMessageContaining("N.11");
    }
}

package org.rdregistry.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frequency tests of the exact Bernoulli and uniform samplers; false-failure rate 10^-6 per assertion. */
class BernoulliExpTest {

    private static final int N = 200_000;

    @ParameterizedTest
    @ValueSource(strings = {"1/2", "1", "3/2", "7/3", "5", "1/20", "123456789/100000000"})
    void frequencyMatchesExpMinusGamma(String gammaText) {
        Rational gamma = Rational.parse(gammaText);
        double p = Math.exp(-gamma.numerator().doubleValue() / gamma.denominator().doubleValue());
        BernoulliExp b = new BernoulliExp();
        int hits = 0;
        for (int i = 0; i < N; i++) {
            if (b.sample(gamma)) {
                hits++;
            }
        }
        assertThat(Math.abs(hits - N * p)).as("hits %d, expected %.1f", hits, N * p)
                .isLessThanOrEqualTo(Stats.binomialTolerance(N, p));
    }

    @Test
    void gammaZeroAlwaysSucceedsAndHugeGammaAlmostNeverDoes() {
        BernoulliExp b = new BernoulliExp();
        for (int i = 0; i < 1000; i++) {
            assertThat(b.sample(Rational.ZERO)).isTrue();
        }
        // exp(-60) ~ 1e-26: a single success in 1000 trials would have probability ~1e-23.
        for (int i = 0; i < 1000; i++) {
            assertThat(b.sample(Rational.of(60))).isFalse();
        }
    }

    @Test
    void rejectsNegativeGamma() {
        assertThatThrownBy(() -> new BernoulliExp().sample(Rational.of(-1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N.2");
    }

    @Test
    void bernoulliOfRationalMatchesItsParameterAndRejectsOutOfRange() {
        UniformSampler u = UniformSampler.system();
        int hits = 0;
        for (int i = 0; i < N; i++) {
            if (u.bernoulli(Rational.of(2, 7))) {
                hits++;
            }
        }
        assertThat(Math.abs(hits - N * 2.0 / 7)).isLessThanOrEqualTo(Stats.binomialTolerance(N, 2.0 / 7));
        assertThatThrownBy(() -> u.bernoulli(Rational.of(8, 7))).hasMessageContaining("N.3");
        assertThatThrownBy(() -> u.bernoulli(Rational.of(-1, 7))).hasMessageContaining("N.3");
        assertThat(u.bernoulli(Rational.ZERO)).isFalse();
        assertThat(u.bernoulli(Rational.ONE)).isTrue();
    }

    @Test
    void uniformBelowSmallNIsUniform() {
        UniformSampler u = UniformSampler.system();
        int n = 6;
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < 60_000; i++) {
            long v = u.below(n);
            assertThat(v).isBetween(0L, (long) n - 1);
            counts.merge(v, 1, Integer::sum);
        }
        double stat = 0;
        for (long v = 0; v < n; v++) {
            double d = counts.getOrDefault(v, 0) - 10_000.0;
            stat += d * d / 10_000.0;
        }
        assertThat(stat).isLessThanOrEqualTo(Stats.chiSquareCritical(n - 1, Stats.ALPHA));
    }

    @Test
    void uniformBelowLargeNHasNoModuloBias() {
        // n = 3 * 2^61: reducing a 63-bit word mod n would put values below 2^61 with probability
        // 1/2 instead of 1/3 (the same for 3 * 2^100 and 102-bit words).
        UniformSampler u = UniformSampler.system();
        long n = 3L << 61;
        BigInteger bigN = BigInteger.valueOf(3).shiftLeft(100);
        int lowLong = 0;
        int lowBig = 0;
        int draws = 60_000;
        for (int i = 0; i < draws; i++) {
            long v = u.below(n);
            assertThat(v).isBetween(0L, n - 1);
            if (v < (1L << 61)) {
                lowLong++;
            }
            BigInteger w = u.below(bigN);
            assertThat(w.signum()).isGreaterThanOrEqualTo(0);
            assertThat(w).isLessThan(bigN);
            if (w.bitLength() <= 100) {
                lowBig++;
            }
        }
        double tol = Stats.binomialTolerance(draws, 1.0 / 3);
        assertThat(Math.abs(lowLong - draws / 3.0)).isLessThanOrEqualTo(tol);
        assertThat(Math.abs(lowBig - draws / 3.0)).isLessThanOrEqualTo(tol);
        assertThatThrownBy(() -> u.below(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(u.below(1)).isZero();
    }
}

package org.rdregistry.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Distribution tests of the exact samplers against their pmfs, computed here from the textbook
 * formulas (not from the sampler). False-failure rate per assertion: {@link Stats#ALPHA} = 10^-6.
 */
class NoiseDistributionTest {

    private static final int N = 200_000;

    @ParameterizedTest
    @ValueSource(strings = {"1", "5/2", "10", "1/3"})
    void discreteLaplaceMatchesItsPmf(String scaleText) {
        Rational scale = Rational.parse(scaleText);
        double t = scale.numerator().doubleValue() / scale.denominator().doubleValue();
        // P[X = x] = (1 - e^(-1/t)) / (1 + e^(-1/t)) * e^(-|x|/t)
        double q = Math.exp(-1 / t);
        LongToDoubleFunction pmf = x -> (1 - q) / (1 + q) * Math.pow(q, Math.abs(x));
        NoiseSampler sampler = new DiscreteLaplaceSampler(scale);
        Map<Long, Integer> counts = sample(sampler);
        Stats.ChiSquare chi = Stats.chiSquare(counts, N, pmf, (long) (60 * t) + 60);
        assertThat(chi.passes()).as("chi-square %s", chi).isTrue();
        assertSymmetric(counts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "10", "5/2", "1/4", "1000"})
    void discreteGaussianMatchesItsPmf(String sigma2Text) {
        Rational sigma2 = Rational.parse(sigma2Text);
        double s2 = sigma2.numerator().doubleValue() / sigma2.denominator().doubleValue();
        long range = (long) (40 * Math.sqrt(s2)) + 40;
        double z = 0;
        for (long y = -range; y <= range; y++) {
            z += Math.exp(-(double) y * y / (2 * s2));
        }
        double normaliser = z;
        LongToDoubleFunction pmf = x -> Math.exp(-(double) x * x / (2 * s2)) / normaliser;
        NoiseSampler sampler = new DiscreteGaussianSampler(sigma2);
        Map<Long, Integer> counts = sample(sampler);
        Stats.ChiSquare chi = Stats.chiSquare(counts, N, pmf, range);
        assertThat(chi.passes()).as("chi-square %s", chi).isTrue();
        assertSymmetric(counts);

        // Second moment against the exact variance sum x^2 p(x); tolerance Z_ALPHA standard errors,
        // with the standard error from the exact fourth moment.
        double m2 = 0;
        double m4 = 0;
        for (long y = -range; y <= range; y++) {
            double p = pmf.applyAsDouble(y);
            m2 += (double) y * y * p;
            m4 += Math.pow(y, 4) * p;
        }
        double observed = 0;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            observed += (double) e.getKey() * e.getKey() * e.getValue();
        }
        observed /= N;
        double se = Math.sqrt((m4 - m2 * m2) / N);
        assertThat(Math.abs(observed - m2)).as("E[X^2] %s vs %s", observed, m2).isLessThanOrEqualTo(Stats.Z_ALPHA * se);
    }

    private static Map<Long, Integer> sample(NoiseSampler sampler) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < N; i++) {
            counts.merge(sampler.sample(), 1, Integer::sum);
        }
        return counts;
    }

    /** Positive and negative samples are equally likely: binomial(pos + neg, 1/2) at ALPHA. */
    private static void assertSymmetric(Map<Long, Integer> counts) {
        long pos = 0;
        long neg = 0;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            if (e.getKey() > 0) {
                pos += e.getValue();
            } else if (e.getKey() < 0) {
                neg += e.getValue();
            }
        }
        long n = pos + neg;
        assertThat(Math.abs(pos - n / 2.0)).as("positive %d vs negative %d", pos, neg)
                .isLessThanOrEqualTo(Stats.binomialTolerance(n, 0.5));
    }
}

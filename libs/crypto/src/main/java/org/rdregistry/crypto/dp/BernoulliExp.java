package org.rdregistry.crypto.dp;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Exact Bernoulli(exp(-gamma)) trials for a rational gamma &ge; 0 (spec §6.3; Canonne, Kamath, Steinke,
 * "The Discrete Gaussian for Differential Privacy", NeurIPS 2020, Algorithm 1).
 *
 * <p>For gamma in [0, 1]: draw A_k ~ Bernoulli(gamma/k) for k = 1, 2, ... until the first A_k = 0 and
 * answer 1 iff that k is odd. P[first zero at k] = gamma^(k-1)/(k-1)! - gamma^k/k!, so the odd terms
 * sum to the alternating series of exp(-gamma) exactly. For gamma &gt; 1 the event is the conjunction
 * of floor(gamma) independent Bernoulli(exp(-1)) trials and one Bernoulli(exp(-(gamma - floor
 * gamma))) trial, stopping at the first failure. Only integer comparisons of uniform draws are used.
 *
 * <p>The running time depends on the outcome (as in the paper); the samples it drives are secret
 * noise, so callers must not expose sampling time (spec §6.7).
 */
public final class BernoulliExp {

    private final UniformSampler uniform;

    public BernoulliExp(UniformSampler uniform) {
        this.uniform = Objects.requireNonNull(uniform, "uniform");
    }

    /** On the system {@link UniformSampler}. */
    public BernoulliExp() {
        this(UniformSampler.system());
    }

    /**
     * A Bernoulli(exp(-gamma)) trial.
     *
     * @throws IllegalArgumentException if gamma &lt; 0 (spec check N.2)
     */
    public boolean sample(Rational gamma) {
        Objects.requireNonNull(gamma, "gamma");
        return sample(gamma.numerator(), gamma.denominator());
    }

    /**
     * A Bernoulli(exp(-num/den)) trial for num &ge; 0, den &gt; 0; the fraction need not be reduced
     * (saves a gcd per trial in the samplers).
     */
    boolean sample(BigInteger num, BigInteger den) {
        if (den.signum() <= 0 || num.signum() < 0) {
            throw new IllegalArgumentException("gamma must be a non-negative rational (check N.2)");
        }
        if (num.compareTo(den) <= 0) {
            return sampleAtMostOne(num, den);
        }
        BigInteger[] qr = num.divideAndRemainder(den);
        // floor(gamma) trials of exp(-1); the expected number run is below 1/(1 - 1/e) < 1.6.
        for (BigInteger k = BigInteger.ZERO; k.compareTo(qr[0]) < 0; k = k.add(BigInteger.ONE)) {
            if (!sampleAtMostOne(BigInteger.ONE, BigInteger.ONE)) {
                return false;
            }
        }
        return sampleAtMostOne(qr[1], den);
    }

    /** Algorithm 1, case gamma = num/den in [0, 1]. */
    private boolean sampleAtMostOne(BigInteger num, BigInteger den) {
        if (num.signum() == 0) {
            return true;
        }
        long k = 1;
        if (den.bitLength() <= 40) {
            long n = num.longValue();
            long d = den.longValue();
            // d * k stays below 2^63 for k < 2^22; reaching k = 2^22 has probability below 1/(2^22)!.
            while (k < (1L << 22) && uniform.below(d * k) < n) {
                k++;
            }
            if (k < (1L << 22)) {
                return (k & 1) == 1;
            }
        }
        BigInteger bigK = BigInteger.valueOf(k);
        while (uniform.bernoulli(num, den.multiply(bigK))) {
            bigK = bigK.add(BigInteger.ONE);
        }
        return bigK.testBit(0);
    }
}

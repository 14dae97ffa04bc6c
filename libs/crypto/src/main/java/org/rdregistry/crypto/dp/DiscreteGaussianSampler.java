package org.rdregistry.crypto.dp;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Exact sampler of the discrete Gaussian N_Z(0, sigma^2), P[X = x] proportional to
 * exp(-x^2 / (2 sigma^2)), for a rational variance parameter sigma^2 (spec §6.5; Canonne, Kamath,
 * Steinke 2020, Algorithm 3).
 *
 * <p>With t = floor(sigma) + 1: draw Y ~ Lap_Z(t) and accept it with probability
 * exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2)). For sigma^2 = p/q the exponent is the exact rational
 * (|Y| q t - p)^2 / (2 p q t^2). floor(sigma) = isqrt(floor(p/q)), so no square root of a
 * non-integer is ever taken.
 *
 * <p>Adding N_Z(0, sigma^2) to an integer query of sensitivity Delta gives
 * (Delta^2 / (2 sigma^2))-zCDP (CKS 2020, Theorem 4).
 */
public final class DiscreteGaussianSampler implements NoiseSampler {

    /** Largest accepted sigma^2 (spec check N.7): sigma &le; 2^32. */
    public static final Rational MAX_SIGMA2 = Rational.of(BigInteger.ONE.shiftLeft(64), BigInteger.ONE);
    /** Largest accepted denominator of sigma^2 in lowest terms (spec check N.7). */
    public static final BigInteger MAX_DENOMINATOR = BigInteger.ONE.shiftLeft(62);

    private final Rational sigma2;
    private final BigInteger p;
    private final BigInteger q;
    private final BigInteger t;
    private final BigInteger qt;
    private final BigInteger twoPqtt;
    private final DiscreteLaplaceSampler laplace;
    private final BernoulliExp bexp;

    /** On the system {@link UniformSampler}. */
    public DiscreteGaussianSampler(Rational sigma2) {
        this(sigma2, UniformSampler.system());
    }

    /**
     * @throws IllegalArgumentException unless 0 &lt; sigma^2 &le; 2^64 with a denominator &le; 2^62
     *     (spec checks N.6, N.7)
     */
    public DiscreteGaussianSampler(Rational sigma2, UniformSampler uniform) {
        this.sigma2 = validateSigma2(sigma2);
        Objects.requireNonNull(uniform, "uniform");
        this.p = sigma2.numerator();
        this.q = sigma2.denominator();
        this.t = sigma2.floor().sqrt().add(BigInteger.ONE);
        this.qt = q.multiply(t);
        this.twoPqtt = p.multiply(q).multiply(t).multiply(t).shiftLeft(1);
        this.laplace = new DiscreteLaplaceSampler(new Rational(t, BigInteger.ONE), uniform, true);
        this.bexp = new BernoulliExp(uniform);
    }

    static Rational validateSigma2(Rational sigma2) {
        Objects.requireNonNull(sigma2, "sigma2");
        if (sigma2.signum() <= 0) {
            throw new IllegalArgumentException("discrete Gaussian sigma^2 must be positive (check N.6)");
        }
        if (sigma2.compareTo(MAX_SIGMA2) > 0 || sigma2.denominator().compareTo(MAX_DENOMINATOR) > 0) {
            throw new IllegalArgumentException("discrete Gaussian sigma^2 must be at most 2^64 with a denominator at most 2^62 (check N.7)");
        }
        return sigma2;
    }

    public Rational sigma2() {
        return sigma2;
    }

    /** The Laplace scale t = floor(sigma) + 1 of the proposal distribution. */
    BigInteger proposalScale() {
        return t;
    }

    @Override
    public long sample() {
        while (true) {
            long y = laplace.sample();
            BigInteger diff = BigInteger.valueOf(Math.abs(y)).multiply(qt).subtract(p);
            if (bexp.sample(diff.multiply(diff), twoPqtt)) {
                return y;
            }
        }
    }

    @Override
    public String toString() {
        return "DiscreteGaussianSampler[sigma2=" + sigma2 + "]";
    }
}

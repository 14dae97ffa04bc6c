package org.rdregistry.crypto.dp;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Exact sampler of the discrete Laplace distribution Lap_Z(t) with P[X = x] proportional to
 * exp(-|x|/t), for a rational scale t (spec §6.4; Canonne, Kamath, Steinke 2020, Algorithm 2).
 *
 * <p>With t = a/b in lowest terms: draw U uniform in [0, a) and accept it with probability
 * exp(-U/a); draw V = number of successes of Bernoulli(exp(-1)) before the first failure; then
 * X = U + aV is geometric with P[X = x] proportional to exp(-x/a), and Y = floor(X/b) is geometric
 * with parameter exp(-b/a) = exp(-1/t). A fair sign bit B gives (1-2B)Y; the pair (B = 1, Y = 0) is
 * rejected so that 0 is not counted twice. Expected iterations are below 2 / (1 - exp(-1)).
 *
 * <p>Adding Lap_Z(t) to an integer query of sensitivity Delta gives (Delta/t)-DP.
 */
public final class DiscreteLaplaceSampler implements NoiseSampler {

    /** Largest accepted scale (spec check N.5): samples then fit in a long except with probability exp(-2^31). */
    public static final Rational MAX_SCALE = Rational.of(1L << 32);
    /** Largest accepted denominator of the scale in lowest terms (spec check N.5). */
    public static final BigInteger MAX_DENOMINATOR = BigInteger.ONE.shiftLeft(62);

    private final Rational scale;
    private final BigInteger a;
    private final BigInteger b;
    private final UniformSampler uniform;
    private final BernoulliExp bexp;

    /** On the system {@link UniformSampler}. */
    public DiscreteLaplaceSampler(Rational scale) {
        this(scale, UniformSampler.system());
    }

    /**
     * @throws IllegalArgumentException unless 0 &lt; scale &le; 2^32 with a denominator &le; 2^62
     *     (spec checks N.4, N.5)
     */
    public DiscreteLaplaceSampler(Rational scale, UniformSampler uniform) {
        this(validateScale(scale), uniform, true);
    }

    /** For the discrete Gaussian's proposal, whose integer scale floor(sigma) + 1 may be 2^32 + 1. */
    DiscreteLaplaceSampler(Rational scale, UniformSampler uniform, boolean validated) {
        if (!validated || scale.signum() <= 0) {
            throw new IllegalArgumentException("discrete Laplace scale must be positive (check N.4)");
        }
        this.scale = scale;
        this.a = scale.numerator();
        this.b = scale.denominator();
        this.uniform = Objects.requireNonNull(uniform, "uniform");
        this.bexp = new BernoulliExp(uniform);
    }

    static Rational validateScale(Rational scale) {
        Objects.requireNonNull(scale, "scale");
        if (scale.signum() <= 0) {
            throw new IllegalArgumentException("discrete Laplace scale must be positive (check N.4)");
        }
        if (scale.compareTo(MAX_SCALE) > 0 || scale.denominator().compareTo(MAX_DENOMINATOR) > 0) {
            throw new IllegalArgumentException("discrete Laplace scale must be at most 2^32 with a denominator at most 2^62 (check N.5)");
        }
        return scale;
    }

    public Rational scale() {
        return scale;
    }

    @Override
    public long sample() {
        while (true) {
            BigInteger u = uniform.below(a);
            if (!bexp.sample(u, a)) {
                continue;
            }
            long v = 0;
            while (bexp.sample(BigInteger.ONE, BigInteger.ONE)) {
                v++;
            }
            BigInteger x = u.add(a.multiply(BigInteger.valueOf(v)));
            BigInteger y = x.divide(b);
            boolean negative = uniform.bit();
            if (negative && y.signum() == 0) {
                continue;
            }
            long magnitude = y.longValueExact();
            return negative ? -magnitude : magnitude;
        }
    }

    @Override
    public String toString() {
        return "DiscreteLaplaceSampler[scale=" + scale + "]";
    }
}

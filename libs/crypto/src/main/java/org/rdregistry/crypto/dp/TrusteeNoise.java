package org.rdregistry.crypto.dp;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Accounting for noise added jointly by several trustees (spec §6.6.5).
 *
 * <p><b>Collusion rule.</b> Before a release is decrypted, each of the k contributing trustees adds
 * its own independent noise, all drawn with the same parameter. With a t-of-n threshold key, up to
 * t-1 trustees may collude; colluders know their own noise and can subtract it from the release. The
 * release must stay private in that case, so it is accounted with the noise of only the honest
 * minimum m = k - (t-1) trustees, never with all k.
 *
 * <ul>
 *   <li>Discrete Gaussian, sigma^2 per trustee: the honest noise is a sum of m independent
 *       N_Z(0, sigma^2). The cost is the smaller of (a) Delta^2 / (2 sigma^2), exact (the other
 *       honest noises are post-processing of one), and, for m &ge; 2, (b)
 *       (Delta / sqrt(m sigma^2) + tau)^2 / 2 with tau = 10 sum_{k=1}^{m-1} exp(-2 pi^2 sigma^2 k/(k+1))
 *       (Kairouz, Liu, Steinke, ICML 2021, Proposition 14 with d = 1: a sum of discrete Gaussians is
 *       not exactly a discrete Gaussian, tau bounds the difference), computed in double precision
 *       and rounded up to a multiple of 2^-64.
 *   <li>Discrete Laplace, scale t per trustee: a sum of discrete Laplace variables is not discrete
 *       Laplace, so only bound (a) is used: epsilon = Delta / t.
 * </ul>
 */
public final class TrusteeNoise {

    private TrusteeNoise() {
    }

    /**
     * m = contributors - (threshold - 1): the number of trustees whose noise is certainly unknown to
     * a coalition of threshold - 1 colluders.
     *
     * @throws IllegalArgumentException unless 1 &le; threshold &le; contributors (spec check N.11)
     */
    public static int honestMinimum(int contributors, int threshold) {
        if (threshold < 1 || contributors < threshold) {
            throw new IllegalArgumentException("need 1 <= threshold <= contributors, got threshold " + threshold
                    + " and " + contributors + " contributor(s) (check N.11)");
        }
        return contributors - (threshold - 1);
    }

    /** The cost of a release where each contributor adds N_Z(0, sigma2PerTrustee). */
    public static PrivacyCost gaussianCost(long sensitivity, Rational sigma2PerTrustee, int contributors, int threshold) {
        PrivacyCost single = PrivacyCost.discreteGaussian(sensitivity, sigma2PerTrustee);
        int m = honestMinimum(contributors, threshold);
        if (m == 1) {
            return single;
        }
        Rational summed = Rational.ceilDyadic(sumBound(sensitivity, sigma2PerTrustee.toDoubleDown(), m), 64);
        return PrivacyCost.zcdp(single.zcdpRho().min(summed));
    }

    /** The cost of a release where each contributor adds Lap_Z(scalePerTrustee): epsilon = Delta / t. */
    public static PrivacyCost laplaceCost(long sensitivity, Rational scalePerTrustee, int contributors, int threshold) {
        honestMinimum(contributors, threshold);
        return PrivacyCost.discreteLaplace(sensitivity, scalePerTrustee);
    }

    /**
     * A per-trustee sigma^2 (a multiple of 10^-6) with {@link #gaussianCost} at most {@code targetRho},
     * close to the smallest such value (within a relative 10^-6 plus the grid step).
     *
     * @throws IllegalArgumentException unless targetRho &gt; 0 (spec check N.12) and the other
     *     parameters are valid; or if even a single trustee's noise would need sigma^2 above the
     *     sampler's limit (check N.7)
     */
    public static Rational sigma2PerTrustee(Rational targetRho, long sensitivity, int contributors, int threshold) {
        if (targetRho == null || targetRho.signum() <= 0) {
            throw new IllegalArgumentException("target rho must be positive (check N.12)");
        }
        PrivacyCost.requireSensitivity(sensitivity);
        int m = honestMinimum(contributors, threshold);
        // Bound (a) alone: sigma^2 = Delta^2 / (2 rho), exact; always sufficient.
        Rational single = Rational.of(sensitivity).square().divide(targetRho.multiply(2));
        DiscreteGaussianSampler.validateSigma2(single);
        if (m == 1) {
            return single;
        }
        double ideal = (double) sensitivity * sensitivity / (2.0 * targetRho.toDoubleDown() * m);
        // Exponential search for a fitting value, then bisection; every candidate is checked with
        // the exact accounting function, so the result fits whatever rounding happened here.
        double lo = ideal;
        double hi = ideal;
        double step = 1e-9;
        while (!fits(grid(hi), sensitivity, contributors, threshold, targetRho)) {
            lo = hi;
            hi = ideal * (1.0 + step);
            step *= 2;
            if (grid(hi).compareTo(single) >= 0) {
                return single;
            }
        }
        while (hi - lo > hi * 1e-7) {
            double mid = (lo + hi) / 2;
            if (fits(grid(mid), sensitivity, contributors, threshold, targetRho)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Rational result = grid(hi);
        return result.compareTo(single) < 0 ? result : single;
    }

    private static Rational grid(double x) {
        return Rational.of(new BigDecimal(x).setScale(6, RoundingMode.CEILING));
    }

    private static boolean fits(Rational sigma2, long sensitivity, int contributors, int threshold, Rational targetRho) {
        return gaussianCost(sensitivity, sigma2, contributors, threshold).totalRho().compareTo(targetRho) <= 0;
    }

    /** Bound (b), rounded up: (Delta / sqrt(m sigma^2) + tau)^2 / 2, with sigma^2 already rounded down. */
    private static double sumBound(long sensitivity, double sigma2Down, int m) {
        double tau = 0;
        for (int k = 1; k < m; k++) {
            tau += Math.exp(-2.0 * Math.PI * Math.PI * sigma2Down * k / (k + 1));
        }
        tau = PrivacyCost.up(10.0 * tau);
        double scaled = PrivacyCost.up(sensitivity / Math.sqrt(m * sigma2Down));
        double sum = PrivacyCost.up(scaled + tau);
        return PrivacyCost.up(sum * sum / 2.0);
    }
}

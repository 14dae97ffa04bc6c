package org.rdregistry.crypto.dp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * Test-side statistics, independent of the code under test: chi-square goodness of fit with pooled
 * tails, the chi-square upper quantile via the regularised incomplete gamma function, and a
 * normal-approximation bound for binomial counts.
 *
 * <p>Every statistical assertion in this package uses the fixed false-failure rate {@link #ALPHA}
 * = 10^-6: a correct sampler fails one given assertion with probability at most 10^-6 (up to the
 * normal approximation for counts in the tens of thousands), so the whole suite of fewer than
 * 40 statistical assertions fails spuriously with probability below 4·10^-5 per run.
 */
final class Stats {

    static final double ALPHA = 1e-6;
    /** Two-sided standard-normal quantile for ALPHA: P(|Z| > 4.8916) = 10^-6. */
    static final double Z_ALPHA = 4.891638;
    /** Minimum expected count per chi-square bin. */
    static final double MIN_EXPECTED = 20;

    private Stats() {
    }

    /** Result of a chi-square test: statistic, degrees of freedom and the critical value at ALPHA. */
    record ChiSquare(double statistic, int degreesOfFreedom, double critical) {
        boolean passes() {
            return statistic <= critical;
        }
    }

    /**
     * Chi-square test of integer samples against a pmf on Z (symmetric or not). Bins: every x whose
     * expected count is at least MIN_EXPECTED, between the extreme such values lo and hi; the tails
     * (-inf, lo] and [hi, inf) are pooled into the end bins. The pmf is summed over [-range, range].
     */
    static ChiSquare chiSquare(Map<Long, Integer> counts, long n, LongToDoubleFunction pmf, long range) {
        long lo = 0;
        long hi = 0;
        while (n * pmf.applyAsDouble(lo - 1) >= MIN_EXPECTED) {
            lo--;
        }
        while (n * pmf.applyAsDouble(hi + 1) >= MIN_EXPECTED) {
            hi++;
        }
        List<double[]> bins = new ArrayList<>(); // {observed, expected}
        double leftP = 0;
        for (long x = -range; x <= lo; x++) {
            leftP += pmf.applyAsDouble(x);
        }
        double rightP = 0;
        for (long x = hi; x <= range; x++) {
            rightP += pmf.applyAsDouble(x);
        }
        long leftObs = 0;
        long rightObs = 0;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            if (e.getKey() <= lo) {
                leftObs += e.getValue();
            } else if (e.getKey() >= hi) {
                rightObs += e.getValue();
            }
        }
        if (lo == hi) {
            throw new IllegalStateException("distribution too concentrated for this test");
        }
        bins.add(new double[] {leftObs, n * leftP});
        for (long x = lo + 1; x < hi; x++) {
            bins.add(new double[] {counts.getOrDefault(x, 0), n * pmf.applyAsDouble(x)});
        }
        bins.add(new double[] {rightObs, n * rightP});
        double stat = 0;
        for (double[] b : bins) {
            double d = b[0] - b[1];
            stat += d * d / b[1];
        }
        int df = bins.size() - 1;
        return new ChiSquare(stat, df, chiSquareCritical(df, ALPHA));
    }

    /** Largest |observed - n p| allowed for a binomial(n, p) count at ALPHA (normal approximation). */
    static double binomialTolerance(long n, double p) {
        return Z_ALPHA * Math.sqrt(n * p * (1 - p));
    }

    /** x with P(chi2_df > x) = alpha, by bisection on the regularised upper incomplete gamma Q(df/2, x/2). */
    static double chiSquareCritical(int df, double alpha) {
        double lo = 0;
        double hi = df + 100 + 20 * Math.sqrt(df);
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (upperGamma(df / 2.0, mid / 2) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** Regularised upper incomplete gamma Q(a, x) (series below a+1, Lentz continued fraction above). */
    static double upperGamma(double a, double x) {
        if (x <= 0) {
            return 1.0;
        }
        double lnPrefix = -x + a * Math.log(x) - lnGamma(a);
        if (x < a + 1) {
            double term = 1.0 / a;
            double sum = term;
            for (int n = 1; n < 10_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-17) {
                    break;
                }
            }
            return 1.0 - sum * Math.exp(lnPrefix);
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(lnPrefix) * h;
    }

    /** ln Gamma(x) for x &gt; 0 (Lanczos, g = 7, n = 9). */
    static double lnGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}

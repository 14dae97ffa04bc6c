package org.rdregistry.crypto.dp;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The privacy cost of one or more releases (spec §6.6), kept exactly and in two currencies so that
 * both pure and concentrated DP can be reported without loss:
 *
 * <ul>
 *   <li>{@code zcdpRho}: the summed rho of mechanisms that are only rho-zCDP (discrete Gaussian);
 *   <li>{@code pureEpsilon}: the summed epsilon of pure epsilon-DP mechanisms (discrete Laplace);
 *   <li>{@code pureRho}: the same pure mechanisms expressed in zCDP, sum of epsilon_i^2 / 2 (pure
 *       epsilon-DP implies (epsilon^2/2)-zCDP, Bun and Steinke 2016, Proposition 1.4).
 * </ul>
 *
 * Composition adds each component (spec §6.6.2). Immutable; JSON-friendly (rationals as "n/d").
 */
public record PrivacyCost(Rational zcdpRho, Rational pureEpsilon, Rational pureRho) {

    public static final PrivacyCost ZERO = new PrivacyCost(Rational.ZERO, Rational.ZERO, Rational.ZERO);

    /** Relative safety margin added to every floating-point accounting result (spec §6.6.3). */
    static final double ROUND_UP = 1e-12;

    /** Spec check N.13: every component present and non-negative. */
    public PrivacyCost {
        Objects.requireNonNull(zcdpRho, "zcdpRho");
        Objects.requireNonNull(pureEpsilon, "pureEpsilon");
        Objects.requireNonNull(pureRho, "pureRho");
        if (zcdpRho.signum() < 0 || pureEpsilon.signum() < 0 || pureRho.signum() < 0) {
            throw new IllegalArgumentException("privacy cost components must be non-negative (check N.13)");
        }
    }

    /** A rho-zCDP mechanism. */
    public static PrivacyCost zcdp(Rational rho) {
        return new PrivacyCost(rho, Rational.ZERO, Rational.ZERO);
    }

    /** A pure epsilon-DP mechanism. */
    public static PrivacyCost pure(Rational epsilon) {
        return new PrivacyCost(Rational.ZERO, epsilon, epsilon.square().divide(Rational.of(2)));
    }

    /**
     * Discrete Gaussian noise N_Z(0, sigma^2) on a query of integer sensitivity Delta:
     * rho = Delta^2 / (2 sigma^2), exactly (spec §6.6.1).
     */
    public static PrivacyCost discreteGaussian(long sensitivity, Rational sigma2) {
        requireSensitivity(sensitivity);
        DiscreteGaussianSampler.validateSigma2(sigma2);
        Rational d = Rational.of(sensitivity);
        return zcdp(d.square().divide(sigma2.multiply(2)));
    }

    /** Discrete Laplace noise Lap_Z(t) on a query of integer sensitivity Delta: epsilon = Delta / t. */
    public static PrivacyCost discreteLaplace(long sensitivity, Rational scale) {
        requireSensitivity(sensitivity);
        DiscreteLaplaceSampler.validateScale(scale);
        return pure(Rational.of(sensitivity).divide(scale));
    }

    static void requireSensitivity(long sensitivity) {
        if (sensitivity < 1) {
            throw new IllegalArgumentException("sensitivity must be an integer >= 1 (check N.8)");
        }
    }

    /** Sequential composition: the sum of both costs. */
    public PrivacyCost plus(PrivacyCost other) {
        return new PrivacyCost(zcdpRho.add(other.zcdpRho), pureEpsilon.add(other.pureEpsilon), pureRho.add(other.pureRho));
    }

    /** The whole cost in zCDP: zcdpRho + pureRho. */
    public Rational totalRho() {
        return zcdpRho.add(pureRho);
    }

    /** True when only pure-DP mechanisms contributed. (Derived, so not part of the JSON state.) */
    @JsonIgnore
    public boolean isPure() {
        return zcdpRho.signum() == 0;
    }

    /** The pure epsilon, when {@link #isPure()}. */
    public Optional<Rational> epsilonIfPure() {
        return isPure() ? Optional.of(pureEpsilon) : Optional.empty();
    }

    /**
     * An upper bound on epsilon for (epsilon, delta)-DP (spec §6.6.3): the smaller of
     * pureEpsilon + eps(zcdpRho) (pure part composed as (epsilon, 0)-DP) and eps(totalRho), where
     * eps(rho) = rho + 2 sqrt(rho ln(1/delta)). Computed in double precision and rounded up.
     *
     * @throws IllegalArgumentException unless 0 &lt; delta &lt; 1 (spec check N.9)
     */
    public double epsilon(Rational delta) {
        requireDelta(delta);
        double viaPure = up(pureEpsilon.toDoubleUp() + epsilonFromRho(zcdpRho, delta));
        double viaZcdp = epsilonFromRho(totalRho(), delta);
        return Math.min(viaPure, viaZcdp);
    }

    /**
     * rho-zCDP implies (rho + 2 sqrt(rho ln(1/delta)), delta)-DP (Bun and Steinke 2016, Proposition
     * 1.3); rounded up.
     */
    public static double epsilonFromRho(Rational rho, Rational delta) {
        requireDelta(delta);
        if (rho.signum() < 0) {
            throw new IllegalArgumentException("rho must be non-negative");
        }
        if (rho.signum() == 0) {
            return 0.0;
        }
        double r = rho.toDoubleUp();
        double logInverseDelta = up(-Math.log(delta.toDoubleDown()));
        return up(r + 2.0 * Math.sqrt(r * logInverseDelta));
    }

    static void requireDelta(Rational delta) {
        Objects.requireNonNull(delta, "delta");
        if (delta.signum() <= 0 || delta.compareTo(Rational.ONE) >= 0) {
            throw new IllegalArgumentException("delta must lie in (0, 1) (check N.9)");
        }
    }

    static double up(double x) {
        return Math.nextUp(x * (1.0 + ROUND_UP));
    }

    @Override
    public String toString() {
        return "PrivacyCost[rho=" + zcdpRho + ", pureEpsilon=" + pureEpsilon + ", pureRho=" + pureRho + "]";
    }
}

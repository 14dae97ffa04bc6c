package org.rdregistry.stats.privacy;

import java.util.Optional;

import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.dp.TrusteeNoise;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseCosts;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.Slot;

/**
 * The noise of every release and what it costs (docs/design/releases.md, crypto spec §6.6).
 *
 * <p>Slot j gets sigma^2_j = sigma2PerUnit · Δ_j^2 per trustee, so with the honest minimum of one
 * trustee's noise (|S| = t, m = 1) every query (the count, a histogram as one vector, a sum, a sum of
 * squares; see {@code ReleaseCosts}) costs exactly 1 / (2 sigma2PerUnit). The Q queries compose, so
 * sigma2PerUnit = Q / (2 rhoPerRelease) makes the whole release cost exactly rhoPerRelease in the
 * worst case. A release with more contributors is charged what it actually costs
 * ({@link TrusteeNoise#gaussianCost} per slot with the real |S|), which is never more.
 */
public final class NoisePlan {

    private final NoiseParameters parameters;
    private final ReleaseLayout layout;
    private final int threshold;
    private final PrivacyCost worstCase;

    private NoisePlan(NoiseParameters parameters, ReleaseLayout layout, int threshold) {
        this.parameters = parameters;
        this.layout = layout;
        this.threshold = threshold;
        this.worstCase = parameters.isNone() ? null : cost(threshold);
    }

    /** No noise at all: releases are exact and not private (tests and development only). */
    public static NoisePlan none(ReleaseLayout layout, int threshold) {
        return new NoisePlan(NoiseParameters.none(), layout, threshold);
    }

    /**
     * @throws IllegalArgumentException if rhoPerRelease is not positive or the resulting variance of
     *     some slot is beyond the sampler's limit
     */
    public static NoisePlan gaussian(Rational rhoPerRelease, ReleaseLayout layout, int threshold) {
        if (rhoPerRelease == null || rhoPerRelease.signum() <= 0) {
            throw new IllegalArgumentException("rho per release must be positive");
        }
        // ReleaseCosts accounts a release as queries: the count, one vector query per histogram, each sum
        // and each sum of squares, each costing 1 / (2 sigma2PerUnit) with |S| = t
        Rational perQuery = rhoPerRelease.divide(Rational.of(queries(layout)));
        Rational sigma2PerUnit = TrusteeNoise.sigma2PerTrustee(perQuery, 1, threshold, threshold);
        return new NoisePlan(NoiseParameters.gaussian(sigma2PerUnit), layout, threshold);
    }

    public NoiseParameters parameters() {
        return parameters;
    }

    /** Whether releases are differentially private (and therefore paid from a budget). */
    public boolean isPrivate() {
        return !parameters.isNone();
    }

    /** The cost of a release with the minimum number of contributors; empty without noise. */
    public Optional<PrivacyCost> worstCaseCost() {
        return Optional.ofNullable(worstCase);
    }

    /**
     * The cost of a release to which {@code contributors} trustees added their noise: the sum over all
     * slots, each accounted with only the honest minimum |S| - (t - 1) of noises.
     */
    public PrivacyCost cost(int contributors) {
        if (parameters.isNone()) {
            throw new IllegalStateException("a release without noise has no finite privacy cost");
        }
        // the same function the independent verifier recomputes the stated cost with
        return ReleaseCosts.of(layout, parameters, contributors, threshold);
    }

    /** The number of queries a release composes: histograms count once, every other slot once. */
    static int queries(ReleaseLayout layout) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Slot slot : layout.slots()) {
            seen.add(slot.kind() == Slot.Kind.CELL ? "histogram:" + slot.field() : slot.name());
        }
        return seen.size();
    }
}

package org.rdregistry.registry.release;

import java.util.HashSet;
import java.util.Set;

import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.TrusteeNoise;

/**
 * The privacy cost of one release (crypto spec §6.6), for "one patient added or removed". stats-service
 * charges it to the cohort's budget and the verifier recomputes it, so both use this one function.
 *
 * <ul>
 *   <li>the count, each sum and each sum of squares is a scalar query of sensitivity Δ, accounted with
 *       only the honest minimum of the contributing trustees (§6.6.5);</li>
 *   <li>a categorical field's histogram is ONE vector query: a patient adds 1 to exactly one cell, so its
 *       L2 sensitivity is 1 and i.i.d. noise of variance σ² per cell costs 1/(2σ²) for the whole
 *       histogram [CKS20, multivariate discrete Gaussian], counted with one honest trustee's noise (the
 *       multi-contributor bound of §6.6.5 is for scalars);</li>
 *   <li>the queries compose by addition (§6.6.2).</li>
 * </ul>
 */
public final class ReleaseCosts {

    private ReleaseCosts() {
    }

    /**
     * @param contributors the number of trustees whose noise is in the release (its noise set)
     * @param threshold    t of the joint key
     */
    public static PrivacyCost of(ReleaseLayout layout, NoiseParameters noise, int contributors, int threshold) {
        if (noise.isNone()) {
            return PrivacyCost.ZERO;
        }
        PrivacyCost total = PrivacyCost.ZERO;
        Set<String> histograms = new HashSet<>();
        for (Slot slot : layout.slots()) {
            if (slot.kind() == Slot.Kind.CELL) {
                if (histograms.add(slot.field())) {
                    total = total.plus(PrivacyCost.discreteGaussian(slot.sensitivity(), noise.sigma2For(slot)));
                }
            } else {
                total = total.plus(TrusteeNoise.gaussianCost(slot.sensitivity(), noise.sigma2For(slot), contributors,
                        threshold));
            }
        }
        return total;
    }
}

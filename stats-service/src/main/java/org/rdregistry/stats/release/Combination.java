package org.rdregistry.stats.release;

import java.util.ArrayList;
import java.util.List;

import org.rdregistry.crypto.decrypt.CombinedDecryption;
import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.InsufficientSharesException;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.PlaintextOutOfRangeException;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.ReleaseRule;
import org.rdregistry.registry.release.ReleasedStatistics;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.release.TrusteeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Step 3 of the protocol: combines the valid share sets of the t lowest trustee indices slot by slot
 * (Lagrange in the exponent, every share verified again by the combiner), decodes every value with the
 * shared baby-step giant-step table, applies the release rule and assembles the {@link Release}, its
 * own verification record. A value outside the table's range fails the release: never a wrong number.
 */
@Component
class Combination {

    private static final Logger log = LoggerFactory.getLogger(Combination.class);

    /** The release, or why there is none (a metric reason and a message without values). */
    record Outcome(Release release, String failureReason, String failure) {
        static Outcome failed(String reason, String message) {
            return new Outcome(null, reason, message);
        }
    }

    private final JointKey key;
    private final DecryptionCombiner combiner;
    private final DiscreteLog discreteLog;
    private final ReleaseLayout layout;

    Combination(JointKey key, DecryptionCombiner combiner, DiscreteLog discreteLog, ReleaseLayout layout) {
        this.key = key;
        this.combiner = combiner;
        this.discreteLog = discreteLog;
        this.layout = layout;
    }

    Outcome release(ReleaseRun r, int k) {
        List<TrusteeMessage.DecryptionShares> chosen = ReleaseCoordinator.chosen(r, key.threshold());
        List<Long> values = new ArrayList<>(layout.size());
        for (int j = 0; j < layout.size(); j++) {
            Slot slot = layout.slots().get(j);
            List<PartialDecryption> parts = new ArrayList<>(chosen.size());
            for (TrusteeMessage.DecryptionShares m : chosen) {
                parts.add(m.shares().get(j));
            }
            try {
                CombinedDecryption combined = combiner.combine(r.toDecrypt.get(j), ReleaseChecks.decryptionContext(r, slot),
                        parts);
                values.add(discreteLog.solve(combined.plaintextPoint()));
            } catch (PlaintextOutOfRangeException e) {
                log.error("release {}: slot {} is outside the decodable range [-{}, {}]", r.releaseId, slot.name(),
                        discreteLog.maxAbs(), discreteLog.maxAbs());
                return Outcome.failed("out-of-range", "slot " + slot.name() + " cannot be decoded");
            } catch (InsufficientSharesException e) {
                // cannot happen for shares that were verified already; reported rather than assumed
                return Outcome.failed("combination", "slot " + slot.name() + ": " + e.getMessage());
            }
        }
        ReleasedStatistics statistics = ReleaseRule.apply(layout, values, k);
        List<TrusteeMessage.NoiseContribution> noise = new ArrayList<>();
        r.noiseSet.forEach(i -> noise.add(r.contributions.get(i)));
        Release release = new Release(r.releaseId, r.cohort(), r.aggregate.schemaVersion(), r.aggregate.position(),
                System.currentTimeMillis(), r.ciphertexts, r.noise, noise, chosen, r.invalidShares, values, k,
                statistics, r.cost, r.budgetAfter);
        return new Outcome(release, null, null);
    }
}

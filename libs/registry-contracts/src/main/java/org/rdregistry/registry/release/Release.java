package org.rdregistry.registry.release;

import java.util.List;
import java.util.Map;

import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.elgamal.Ciphertext;

/**
 * A published release, on {@code registry.releases.v1} keyed by release id. It is its own
 * verification record (docs/design/releases.md): everything needed to re-check it from public data
 * and the records topic. {@code noisyValues} are the decoded values of aggregate + noise in slot
 * order; {@code statistics} is what researchers see, derived from them by {@link ReleaseRule}.
 */
public record Release(String releaseId, String cohort, String schemaVersion, Map<Integer, Long> position,
                      long releasedAtMillis, List<Ciphertext> aggregate, NoiseParameters noise,
                      List<TrusteeMessage.NoiseContribution> noiseContributions,
                      List<TrusteeMessage.DecryptionShares> shares, List<InvalidShare> invalidShares,
                      List<Long> noisyValues, int suppressionK, ReleasedStatistics statistics,
                      PrivacyCost cost, PrivacyAccountant budgetAfter) {

    public Release {
        position = Map.copyOf(position);
        aggregate = List.copyOf(aggregate);
        noiseContributions = List.copyOf(noiseContributions);
        shares = List.copyOf(shares);
        invalidShares = List.copyOf(invalidShares);
        noisyValues = List.copyOf(noisyValues);
    }
}

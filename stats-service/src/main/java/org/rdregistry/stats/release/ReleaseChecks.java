package org.rdregistry.stats.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.proof.VerificationResult;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.release.TrusteeMessage;
import org.springframework.stereotype.Component;

/**
 * The checks stats-service applies to what trustees send (docs/design/releases.md). Results name the
 * failed check and, for shares, the slot; never a value.
 */
@Component
class ReleaseChecks {

    /** Why a noise contribution was dropped: a short check name. */
    record NoiseFailure(String check) {
    }

    private final JointKey key;
    private final DecryptionCombiner combiner;
    private final ReleaseLayout layout;

    ReleaseChecks(JointKey key, DecryptionCombiner combiner, ReleaseLayout layout) {
        this.key = key;
        this.combiner = combiner;
        this.layout = layout;
    }

    /**
     * A noise contribution is valid when it comes from a trustee of the key, has one ciphertext and one
     * Schnorr proof per slot (none at all without noise), and every proof shows knowledge of the
     * randomness of its ciphertext under this release, cohort, trustee and slot.
     */
    Optional<NoiseFailure> checkNoise(ReleaseRun run, TrusteeMessage.NoiseContribution c) {
        if (!key.isIndex(c.trustee())) {
            return Optional.of(new NoiseFailure("unknown-trustee"));
        }
        int expected = run.noise.isNone() ? 0 : layout.size();
        if (c.noise().size() != expected || c.proofs().size() != expected) {
            return Optional.of(new NoiseFailure("layout"));
        }
        GroupContext group = key.group();
        for (int j = 0; j < expected; j++) {
            Ciphertext n = c.noise().get(j);
            if (!ThresholdDecryption.checkCiphertext(group, n, "T.1").valid()) {
                return Optional.of(new NoiseFailure("ciphertext"));
            }
            SchnorrProof proof = c.proofs().get(j);
            VerificationResult r = proof.verify(group, ReleaseContexts.NOISE_DOMAIN,
                    ReleaseContexts.noise(run.releaseId, run.cohort(), c.trustee(), layout.slots().get(j).name()),
                    n.alpha());
            if (!r.valid()) {
                return Optional.of(new NoiseFailure(r.check()));
            }
        }
        return Optional.empty();
    }

    /** C'_j = A_j + sum over the noise set of N_kj, normalised. */
    List<Ciphertext> noisyCiphertexts(ReleaseRun run, List<TrusteeMessage.NoiseContribution> set) {
        List<Ciphertext> out = new ArrayList<>(run.ciphertexts.size());
        for (int j = 0; j < run.ciphertexts.size(); j++) {
            Ciphertext c = run.ciphertexts.get(j);
            for (TrusteeMessage.NoiseContribution n : set) {
                if (!n.noise().isEmpty()) {
                    c = c.add(n.noise().get(j));
                }
            }
            out.add(c.normalize());
        }
        return out;
    }

    /**
     * Every invalid partial decryption of a trustee's message (one per slot of C', each with a DLEQ
     * proof under the release's decryption context); empty if all are valid.
     */
    List<InvalidShare> checkShares(ReleaseRun run, TrusteeMessage.DecryptionShares message) {
        List<InvalidShare> invalid = new ArrayList<>();
        int trustee = message.trustee();
        if (message.shares().size() != run.toDecrypt.size()) {
            invalid.add(new InvalidShare(trustee, "layout", "expected " + run.toDecrypt.size()
                    + " partial decryptions, got " + message.shares().size()));
            return invalid;
        }
        for (int j = 0; j < run.toDecrypt.size(); j++) {
            Slot slot = layout.slots().get(j);
            PartialDecryption share = message.shares().get(j);
            if (share.trusteeIndex() != trustee) {
                invalid.add(new InvalidShare(trustee, "sender", "slot " + slot.name() + ": share of trustee "
                        + share.trusteeIndex() + " in a message of trustee " + trustee));
                continue;
            }
            VerificationResult r = combiner.verify(run.toDecrypt.get(j), decryptionContext(run, slot), share);
            if (!r.valid()) {
                invalid.add(new InvalidShare(trustee, r.check(), "slot " + slot.name() + ": " + r.reason()));
            }
        }
        return invalid;
    }

    static org.rdregistry.crypto.group.ProofContext decryptionContext(ReleaseRun run, Slot slot) {
        return ReleaseContexts.decryption(run.releaseId, run.cohort(), slot.name());
    }
}

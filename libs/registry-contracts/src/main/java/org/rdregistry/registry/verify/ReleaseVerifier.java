package org.rdregistry.registry.verify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.proof.VerificationResult;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.ReleaseCosts;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.ReleaseRule;
import org.rdregistry.registry.release.ReleasedStatistics;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.registry.verify.Verdict.Check;
import org.rdregistry.registry.verify.Verdict.Status;

/**
 * Re-checks a published release from public data alone (issue 4, "independent verifier"): the
 * release record, the joint key of the key ceremony and the cohort's partition of the records topic.
 * It shares no code with the services that produced the release beyond the crypto library and the
 * contracts. Checks (docs/design/releases.md):
 *
 * <ol>
 *   <li>V.1 the release is well formed for its schema's layout;</li>
 *   <li>V.2 every record proof verifies and the aggregate recomputed from the log at the release's
 *       position equals the released aggregate;</li>
 *   <li>V.3 every noise contribution comes from a distinct trustee of the joint key and proves
 *       knowledge of its randomness;</li>
 *   <li>V.4 every decryption share used comes from a trustee of the noise set and its DLEQ proof holds
 *       for aggregate + noise;</li>
 *   <li>V.5 for every slot, t valid shares combine to (noisy value)·G;</li>
 *   <li>V.6 the published statistics follow the release rule (k-suppression, derivations);</li>
 *   <li>V.7 the privacy cost stated is the cost of the noise with the contributors present.</li>
 * </ol>
 */
public final class ReleaseVerifier {

    private final RegistrySchema schema;
    private final JointKey jointKey;
    private final GroupContext group;
    private final ReleaseLayout layout;

    public ReleaseVerifier(RegistrySchema schema, JointKey jointKey) {
        this.schema = schema;
        this.jointKey = jointKey;
        this.group = jointKey.group();
        this.layout = ReleaseLayout.of(schema);
    }

    /**
     * @param partitionLog the entries of the release's records-topic partition, in offset order, at
     *     least up to the release's position (entries beyond it let the verifier tell a compacted log
     *     from a wrong aggregate)
     */
    public Verdict verify(Release release, List<LogEntry> partitionLog) {
        List<Check> checks = new ArrayList<>();
        Check structure = structure(release);
        checks.add(structure);
        if (structure.status() != Status.VALID) {
            return new Verdict(Status.INVALID, checks);
        }
        checks.add(aggregate(release, partitionLog));
        checks.add(noise(release));
        List<Ciphertext> noisy = noisyCiphertexts(release);
        checks.add(shares(release, noisy));
        checks.add(combination(release, noisy));
        checks.add(statistics(release));
        checks.add(cost(release));
        Status status = checks.stream().anyMatch(c -> c.status() == Status.INVALID) ? Status.INVALID
                : checks.stream().anyMatch(c -> c.status() == Status.INCONCLUSIVE) ? Status.INCONCLUSIVE
                : Status.VALID;
        return new Verdict(status, checks);
    }

    private Check structure(Release r) {
        String id = "V.1";
        if (!schema.version().equals(r.schemaVersion())) {
            return fail(id, "schema " + r.schemaVersion() + " is not the verifier's schema " + schema.version());
        }
        int n = layout.size();
        if (r.aggregate().size() != n || r.noisyValues().size() != n) {
            return fail(id, "expected " + n + " aggregate ciphertexts and noisy values, got "
                    + r.aggregate().size() + " and " + r.noisyValues().size());
        }
        if (r.position().size() != 1) {
            return fail(id, "a cohort's position names exactly one partition, got " + r.position());
        }
        for (TrusteeMessage.NoiseContribution c : r.noiseContributions()) {
            int expected = r.noise().isNone() ? 0 : n;
            if (c.noise().size() != expected || c.proofs().size() != expected || !r.releaseId().equals(c.releaseId())) {
                return fail(id, "noise contribution of trustee " + c.trustee() + " is not one per slot of this release");
            }
        }
        for (TrusteeMessage.DecryptionShares s : r.shares()) {
            if (s.shares().size() != n || !r.releaseId().equals(s.releaseId())) {
                return fail(id, "share set of trustee " + s.trustee() + " is not one per slot of this release");
            }
        }
        if (r.noiseContributions().size() < jointKey.threshold()) {
            return fail(id, "noise set has " + r.noiseContributions().size() + " trustees, fewer than t = "
                    + jointKey.threshold());
        }
        return pass(id, n + " slots, " + r.noiseContributions().size() + " noise contributions, "
                + r.shares().size() + " share sets");
    }

    private Check aggregate(Release r, List<LogEntry> log) {
        String id = "V.2";
        Map.Entry<Integer, Long> position = r.position().entrySet().iterator().next();
        long end = position.getValue();
        List<LogEntry> covered = log.stream().filter(e -> e.offset() < end).toList();
        CohortReplay.Result result = new CohortReplay(schema, jointKey.publicKey()).replay(r.cohort(), covered);
        List<Ciphertext> recomputed = layout.ciphertexts(result.aggregate());
        boolean same = recomputed.equals(r.aggregate()) && result.nextOffset() == end;
        String seen = result.validRecords() + " valid record versions (" + result.ignored()
                + " ignored) of " + r.cohort() + " in partition " + position.getKey() + " below offset " + end;
        if (same) {
            return pass(id, "aggregate recomputed from " + seen);
        }
        // A record superseded after the release may have been compacted away since: then the log
        // no longer shows what the release covered, which is no evidence against it.
        Set<String> keysAfter = new HashSet<>();
        log.stream().filter(e -> e.offset() >= end && e.key() != null).forEach(e -> keysAfter.add(e.key()));
        boolean compactedAway = covered.stream().noneMatch(e -> e.key() != null && keysAfter.contains(e.key()))
                && !keysAfter.isEmpty();
        if (compactedAway) {
            return new Check(id, Status.INCONCLUSIVE, "recomputed aggregate differs, but records of the cohort were"
                    + " superseded after the release and the log may have been compacted since (" + seen + ")");
        }
        return fail(id, "the released aggregate is not the aggregate of the log at its position (" + seen
                + (result.nextOffset() != end ? "; last change at offset " + (result.nextOffset() - 1) : "") + ")");
    }

    private Check noise(Release r) {
        String id = "V.3";
        Set<Integer> seen = new HashSet<>();
        for (TrusteeMessage.NoiseContribution c : r.noiseContributions()) {
            if (!jointKey.isIndex(c.trustee()) || !seen.add(c.trustee())) {
                return fail(id, "noise contribution from " + c.trustee() + " is not from a distinct trustee of the key");
            }
            for (int j = 0; j < c.noise().size(); j++) {
                Slot slot = layout.slots().get(j);
                ProofContext context = ReleaseContexts.noise(r.releaseId(), r.cohort(), c.trustee(), slot.name());
                SchnorrProof proof = c.proofs().get(j);
                VerificationResult v = proof.verify(group, ReleaseContexts.NOISE_DOMAIN, context, c.noise().get(j).alpha());
                if (!v.valid()) {
                    return fail(id, "noise proof of trustee " + c.trustee() + " for " + slot.name()
                            + " fails check " + v.check());
                }
            }
        }
        return pass(id, "noise of trustees " + seen + (r.noise().isNone() ? " (noise off)" : " with valid proofs"));
    }

    /** Aggregate plus every contribution of the noise set, slot by slot. */
    private List<Ciphertext> noisyCiphertexts(Release r) {
        List<Ciphertext> out = new ArrayList<>(r.aggregate());
        for (TrusteeMessage.NoiseContribution c : r.noiseContributions()) {
            for (int j = 0; j < c.noise().size(); j++) {
                out.set(j, out.get(j).add(c.noise().get(j)));
            }
        }
        return out.stream().map(Ciphertext::normalize).toList();
    }

    private Check shares(Release r, List<Ciphertext> noisy) {
        String id = "V.4";
        Set<Integer> noiseSet = new HashSet<>();
        r.noiseContributions().forEach(c -> noiseSet.add(c.trustee()));
        DecryptionCombiner combiner = new DecryptionCombiner(jointKey);
        Set<Integer> seen = new HashSet<>();
        for (TrusteeMessage.DecryptionShares set : r.shares()) {
            if (!noiseSet.contains(set.trustee()) || !seen.add(set.trustee())) {
                return fail(id, "share set of trustee " + set.trustee() + " is not from a distinct member of the noise set");
            }
            for (int j = 0; j < noisy.size(); j++) {
                PartialDecryption share = set.shares().get(j);
                String slot = layout.slots().get(j).name();
                if (share.trusteeIndex() != set.trustee()) {
                    return fail(id, "share for " + slot + " names trustee " + share.trusteeIndex()
                            + " inside the set of trustee " + set.trustee());
                }
                VerificationResult v = combiner.verify(noisy.get(j),
                        ReleaseContexts.decryption(r.releaseId(), r.cohort(), slot), share);
                if (!v.valid()) {
                    return fail(id, "share of trustee " + set.trustee() + " for " + slot + " fails check " + v.check());
                }
            }
        }
        if (seen.size() < jointKey.threshold()) {
            return fail(id, "only " + seen.size() + " share sets, fewer than t = " + jointKey.threshold());
        }
        return pass(id, "shares of trustees " + seen + " verify against aggregate + noise");
    }

    private Check combination(Release r, List<Ciphertext> noisy) {
        String id = "V.5";
        DecryptionCombiner combiner = new DecryptionCombiner(jointKey);
        for (int j = 0; j < noisy.size(); j++) {
            String slot = layout.slots().get(j).name();
            List<PartialDecryption> slotShares = new ArrayList<>();
            for (TrusteeMessage.DecryptionShares set : r.shares()) {
                slotShares.add(set.shares().get(j));
            }
            ECPoint m;
            try {
                m = combiner.combineToPoint(noisy.get(j), ReleaseContexts.decryption(r.releaseId(), r.cohort(), slot),
                        slotShares);
            } catch (RuntimeException e) {
                return fail(id, "shares for " + slot + " do not combine: " + e.getMessage());
            }
            BigInteger value = BigInteger.valueOf(r.noisyValues().get(j)).mod(group.order());
            ECPoint claimed = value.signum() == 0 ? group.infinity() : group.multiplyPublic(group.generator(), value);
            if (!claimed.equals(m)) {
                return fail(id, "the published noisy value of " + slot + " is not what the shares decrypt to");
            }
        }
        return pass(id, "every published noisy value is the combined decryption of its slot");
    }

    private Check statistics(Release r) {
        String id = "V.6";
        ReleasedStatistics expected = ReleaseRule.apply(layout, r.noisyValues(), r.suppressionK());
        if (!expected.equals(r.statistics())) {
            return fail(id, "the published statistics are not those the release rule gives for the noisy values"
                    + " with k = " + r.suppressionK());
        }
        return pass(id, "statistics and suppression (k = " + r.suppressionK() + ") follow the release rule");
    }

    private Check cost(Release r) {
        String id = "V.7";
        if (r.noise().isNone()) {
            boolean none = r.cost() == null || r.cost().equals(org.rdregistry.crypto.dp.PrivacyCost.ZERO);
            return none ? pass(id, "no noise and no privacy cost stated: this release is NOT differentially private")
                    : fail(id, "a privacy cost " + r.cost() + " is stated for a release without noise");
        }
        org.rdregistry.crypto.dp.PrivacyCost expected = ReleaseCosts.of(layout, r.noise(), r.noiseContributions().size(),
                jointKey.threshold());
        if (!expected.equals(r.cost())) {
            return fail(id, "stated privacy cost " + r.cost() + " is not the cost " + expected + " of the noise added by "
                    + r.noiseContributions().size() + " trustees");
        }
        return pass(id, "privacy cost " + r.cost() + " matches the noise of " + r.noiseContributions().size() + " trustees");
    }

    private static Check pass(String id, String detail) {
        return new Check(id, Status.VALID, detail);
    }

    private static Check fail(String id, String detail) {
        return new Check(id, Status.INVALID, detail);
    }
}

package org.rdregistry.compute.trustee;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.rdregistry.crypto.dp.DiscreteGaussianSampler;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.proof.VerificationResult;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.release.TrusteeMessage.Reason;
import org.rdregistry.registry.topics.CohortPartitioner;

/**
 * What a trustee checks before it adds noise to or helps decrypt an aggregate
 * (docs/design/releases.md), as pure functions: each returns the refusal, or empty when the check
 * passes. Details name the check, never a value.
 */
public final class ReleaseChecks {

    /** Longest release id accepted (it is a Kafka key and goes into proof contexts and the ledger). */
    static final int MAX_RELEASE_ID = 200;

    /** Why a trustee will not take part. */
    public record Refused(Reason reason, String detail) {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The trustee's noise policy: the least noise it adds, and whether it accepts none at all. */
    public record NoisePolicy(boolean allowNone, Rational minSigma2PerUnit) {
        public NoisePolicy {
            Objects.requireNonNull(minSigma2PerUnit, "minSigma2PerUnit");
        }
    }

    private ReleaseChecks() {
    }

    /**
     * The form of a request: release id, cohort, a position of one entry on the cohort's partition of
     * the records topic ({@code recordPartitions} partitions, CohortPartitioner).
     */
    public static Optional<Refused> form(ReleaseRequest request, Map<Integer, Long> position, int recordPartitions) {
        String id = request.releaseId();
        if (id == null || id.isBlank() || id.length() > MAX_RELEASE_ID || id.chars().anyMatch(Character::isISOControl)) {
            return refuse(Reason.MALFORMED, "release id missing or invalid");
        }
        String cohort = request.cohort();
        if (cohort == null || !RecordSubmission.COHORT.matcher(cohort).matches()) {
            return refuse(Reason.MALFORMED, "cohort missing or not an ORPHA code");
        }
        int partition = CohortPartitioner.partitionOf(cohort, recordPartitions);
        if (position == null || position.size() != 1 || !position.containsKey(partition)
                || position.get(partition) == null || position.get(partition) < 1) {
            return refuse(Reason.MALFORMED, "position is not one offset on the cohort's records partition");
        }
        return Optional.empty();
    }

    /** A noise request's schema, layout and noise parameters against the trustee's policy. */
    public static Optional<Refused> noiseRequest(ReleaseRequest.Noise request, ReleaseLayout layout, NoisePolicy policy) {
        if (!layout.schema().version().equals(request.schemaVersion())) {
            return refuse(Reason.MALFORMED, "schema version differs from the trustee's");
        }
        if (request.aggregate().size() != layout.size() || request.aggregate().stream().anyMatch(Objects::isNull)) {
            return refuse(Reason.MALFORMED, "aggregate does not have one ciphertext per slot of the layout");
        }
        NoiseParameters noise = request.noise();
        if (noise == null) {
            return refuse(Reason.MALFORMED, "noise parameters missing");
        }
        if (noise.isNone()) {
            return policy.allowNone() ? Optional.empty() : refuse(Reason.NOISE_TOO_LOW, "noise off is not allowed");
        }
        if (noise.sigma2PerUnit().compareTo(policy.minSigma2PerUnit()) < 0) {
            return refuse(Reason.NOISE_TOO_LOW, "sigma2PerUnit below the trustee's minimum");
        }
        for (Slot slot : layout.slots()) {
            Rational sigma2 = noise.sigma2For(slot);
            if (sigma2.compareTo(DiscreteGaussianSampler.MAX_SIGMA2) > 0
                    || sigma2.denominator().compareTo(DiscreteGaussianSampler.MAX_DENOMINATOR) > 0) {
                return refuse(Reason.MALFORMED, "noise variance of slot " + slot.name() + " out of the sampler's range");
            }
        }
        return Optional.empty();
    }

    /**
     * The request's ciphertexts against the trustee's own aggregate at that position, and the cohort's
     * size against the trustee's minimum.
     */
    public static Optional<Refused> aggregate(ReleaseRequest.Noise request, CohortAggregate own, ReleaseLayout layout,
                                              int minCohortRecords) {
        if (!own.schemaVersion().equals(request.schemaVersion())) {
            return refuse(Reason.MALFORMED, "schema version differs from the trustee's aggregate");
        }
        List<Ciphertext> mine = layout.ciphertexts(own);
        List<Ciphertext> theirs = request.aggregate();
        for (int j = 0; j < mine.size(); j++) {
            if (!mine.get(j).equals(theirs.get(j))) {
                return refuse(Reason.AGGREGATE_MISMATCH, "slot " + layout.slots().get(j).name()
                        + " differs from the trustee's own aggregate");
            }
        }
        if (own.records() < minCohortRecords) {
            return refuse(Reason.COHORT_TOO_SMALL, "fewer live records than the trustee's minimum");
        }
        return Optional.empty();
    }

    /**
     * The noise set of a decryption request: this trustee's own contribution is in it exactly as it was
     * published, every other one comes from a distinct trustee of the joint key, has the same shape as
     * this trustee's (one ciphertext and proof per slot, or none when noise is off) and every proof of
     * knowledge of the noise randomness holds; the set has at least t members.
     */
    public static Optional<Refused> noiseSet(ReleaseRequest.Decrypt request, TrusteeMessage.NoiseContribution own,
                                             JointKey key, ReleaseLayout layout) {
        List<TrusteeMessage.NoiseContribution> set = request.contributions();
        Set<Integer> seen = new HashSet<>();
        boolean ownFound = false;
        for (TrusteeMessage.NoiseContribution c : set) {
            if (c == null) {
                return refuse(Reason.BAD_NOISE_SET, "empty entry in the noise set");
            }
            if (!key.isIndex(c.trustee())) {
                return refuse(Reason.BAD_NOISE_SET, "contribution of trustee " + c.trustee() + " who is not in the joint key");
            }
            if (!seen.add(c.trustee())) {
                return refuse(Reason.BAD_NOISE_SET, "two contributions of trustee " + c.trustee());
            }
            if (!request.releaseId().equals(c.releaseId())) {
                return refuse(Reason.BAD_NOISE_SET, "contribution of trustee " + c.trustee() + " is for another release");
            }
            if (c.trustee() == own.trustee()) {
                if (!sameContribution(c, own)) {
                    return refuse(Reason.BAD_NOISE_SET, "this trustee's contribution differs from what it published");
                }
                ownFound = true;
                continue;
            }
            Optional<Refused> shape = contributionShape(c, own.noise().size(), layout);
            if (shape.isPresent()) {
                return shape;
            }
            Optional<Refused> proofs = contributionProofs(c, request.releaseId(), request.cohort(), key, layout);
            if (proofs.isPresent()) {
                return proofs;
            }
        }
        if (!ownFound) {
            return refuse(Reason.BAD_NOISE_SET, "this trustee's own noise is not in the set");
        }
        if (set.size() < key.threshold()) {
            return refuse(Reason.BAD_NOISE_SET, "fewer contributions than the threshold");
        }
        return Optional.empty();
    }

    private static Optional<Refused> contributionShape(TrusteeMessage.NoiseContribution c, int ownSize, ReleaseLayout layout) {
        if (ownSize != 0 && ownSize != layout.size()) {
            throw new IllegalStateException("own contribution has neither zero nor one ciphertext per slot");
        }
        if (c.noise().size() != ownSize || c.proofs().size() != ownSize
                || c.noise().stream().anyMatch(Objects::isNull) || c.proofs().stream().anyMatch(Objects::isNull)) {
            return refuse(Reason.BAD_NOISE_SET, "contribution of trustee " + c.trustee()
                    + (ownSize == 0 ? " is not empty although noise is off" : " does not have one ciphertext and proof per slot"));
        }
        return Optional.empty();
    }

    private static Optional<Refused> contributionProofs(TrusteeMessage.NoiseContribution c, String releaseId,
                                                        String cohort, JointKey key, ReleaseLayout layout) {
        for (int j = 0; j < c.noise().size(); j++) {
            Slot slot = layout.slots().get(j);
            SchnorrProof proof = c.proofs().get(j);
            VerificationResult r = proof.verify(key.group(), ReleaseContexts.NOISE_DOMAIN,
                    ReleaseContexts.noise(releaseId, cohort, c.trustee(), slot.name()), c.noise().get(j).alpha());
            if (!r.valid()) {
                return refuse(Reason.BAD_NOISE_SET, "noise proof of trustee " + c.trustee() + " for slot "
                        + slot.name() + " fails (" + r.check() + ")");
            }
        }
        return Optional.empty();
    }

    static boolean sameContribution(TrusteeMessage.NoiseContribution a, TrusteeMessage.NoiseContribution b) {
        if (a.trustee() != b.trustee() || a.noise().size() != b.noise().size() || a.proofs().size() != b.proofs().size()) {
            return false;
        }
        for (int j = 0; j < a.noise().size(); j++) {
            if (!Objects.equals(a.noise().get(j), b.noise().get(j))) {
                return false;
            }
            SchnorrProof p = a.proofs().get(j);
            SchnorrProof q = b.proofs().get(j);
            if (p == null || q == null || !p.commitment().equals(q.commitment()) || !p.response().equals(q.response())) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Refused> refuse(Reason reason, String detail) {
        return Optional.of(new Refused(reason, detail));
    }
}

package org.rdregistry.registry.consult;

import java.time.Instant;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.PublicKey;

/**
 * The public state of a consultation on {@code consult.cases.v1} (key = consultation id), written only
 * by consultation-service; a tombstone is the purge. The scorer reads the submission; every trustee
 * reads the submission (to recompute scores) and the lease (to know who may receive the history key).
 *
 * @param submission  what the patient posted (ciphertexts and proofs)
 * @param submittedAt when consultation-service accepted it
 * @param expiresAt   when it is purged unless acknowledged or withdrawn earlier
 * @param status      where it stands
 * @param lease       the current claim, or null
 */
public record ConsultationCase(ConsultationSubmission submission, Instant submittedAt, Instant expiresAt,
                               Status status, Lease lease) {

    public ConsultationCase {
        Objects.requireNonNull(submission, "submission");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(status, "status");
    }

    public String consultationId() {
        return submission.consultationId();
    }

    public enum Status {
        /** accepted; scores being computed and key-switched to the patient */
        SUBMITTED,
        /** in the queue of its specialty */
        OPEN,
        /** an expert holds the lease */
        CLAIMED,
        /** the claiming expert posted an opinion */
        ANSWERED
    }

    /**
     * An exclusive claim. {@code expertKey} is the key the trustees switch the scores and the history
     * key to; {@code leaseId} is unique per claim so a share for an old lease never serves a new one.
     */
    public record Lease(String leaseId, String expert, PublicKey expertKey, Instant until) {
        public Lease {
            Objects.requireNonNull(leaseId, "leaseId");
            Objects.requireNonNull(expert, "expert");
            Objects.requireNonNull(expertKey, "expertKey");
            Objects.requireNonNull(until, "until");
        }

        public boolean activeAt(Instant now) {
            return now.isBefore(until);
        }
    }
}

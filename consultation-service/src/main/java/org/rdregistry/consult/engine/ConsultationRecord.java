package org.rdregistry.consult.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.registry.consult.ConsultationCase.Lease;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ModelScore;

/**
 * What the state machine publishes on the internal state topic at every change of a consultation (key =
 * consultation id; a tombstone is the purge), and what every instance's view holds: exactly what the API shows
 * (without the encrypted answers, which only the scorer and the trustees need).
 */
public record ConsultationRecord(String consultationId, long revision, Status status, String specialty,
                                 List<ModelRef> models, Instant submittedAt, Instant expiresAt,
                                 String credentialSha256, PublicKey patientKey, ClaimableBlob history, Lease lease,
                                 List<ModelScore> patientScores, ExpertMaterial expert, SealedBox opinion) {

    public ConsultationRecord {
        Objects.requireNonNull(consultationId, "consultationId");
        Objects.requireNonNull(status, "status");
        models = List.copyOf(models);
        patientScores = patientScores == null ? null : List.copyOf(patientScores);
    }

    /** Whether an expert may claim it now: OPEN, or CLAIMED with an expired lease. */
    public boolean claimable(Instant now) {
        return status == Status.OPEN || (status == Status.CLAIMED && (lease == null || !lease.activeAt(now)));
    }

    /** The status as callers see it: a CLAIMED case whose lease expired is OPEN again. */
    public Status effectiveStatus(Instant now) {
        return status == Status.CLAIMED && claimable(now) ? Status.OPEN : status;
    }
}

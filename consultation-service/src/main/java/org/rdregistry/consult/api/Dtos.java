package org.rdregistry.consult.api;

import java.time.Instant;
import java.util.List;

import org.rdregistry.consult.engine.ConsultationRecord;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ModelScore;

/** The HTTP bodies of docs/design/consultations.md. */
public final class Dtos {

    private Dtos() {
    }

    /** 201 of a submission; the credential is shown this once. */
    public record Created(String consultationId, String accessCredential, Status status) {
    }

    /** The patient's view (GET and every {@code status} event). */
    public record PatientView(String consultationId, Status status, String specialty, List<ModelRef> models,
                       Instant submittedAt, Instant expiresAt, List<ModelScore> scores, SealedBox opinion) {

        static PatientView of(ConsultationRecord r, Instant now) {
            return new PatientView(r.consultationId(), r.effectiveStatus(now), r.specialty(), r.models(),
                    r.submittedAt(), r.expiresAt(), r.patientScores() == null ? List.of() : r.patientScores(),
                    r.opinion());
        }
    }

    /** One queue entry: all another expert ever sees of a case. */
    public record QueueEntry(String consultationId, String specialty, List<ModelRef> models, Instant submittedAt) {
    }

    public record ClaimRequest(PublicKey expertKey) {
    }

    public record Claimed(String leaseId, Instant until) {
    }

    public record ExpertView(String consultationId, String leaseId, Instant until, boolean ready, PublicKey patientKey,
                      ClaimableBlob history, Ciphertext historyKey, List<ModelScore> scores) {
    }

    public record OpinionRequest(String leaseId, SealedBox opinion) {
    }
}

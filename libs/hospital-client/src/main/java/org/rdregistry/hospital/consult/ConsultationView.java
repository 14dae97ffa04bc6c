package org.rdregistry.hospital.consult;

import java.time.Instant;
import java.util.List;

import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ModelScore;

/**
 * What {@code GET /api/v1/consultations/{id}} (and each {@code status} event) shows the patient: the
 * public state, the scores once they are key-switched to the patient's key (empty before), and the
 * opinion sealed to the patient's key once the expert answered (null before).
 */
public record ConsultationView(String consultationId, ConsultationCase.Status status, String specialty,
                               List<ModelRef> models, Instant submittedAt, Instant expiresAt, List<ModelScore> scores,
                               SealedBox opinion) {

    public ConsultationView {
        models = models == null ? List.of() : List.copyOf(models);
        scores = scores == null ? List.of() : List.copyOf(scores);
    }

    public boolean hasScores() {
        return !scores.isEmpty();
    }

    public boolean hasOpinion() {
        return opinion != null;
    }
}

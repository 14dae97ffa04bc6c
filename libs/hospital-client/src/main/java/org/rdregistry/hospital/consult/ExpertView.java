package org.rdregistry.hospital.consult;

import java.time.Instant;
import java.util.List;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.registry.consult.ModelScore;

/**
 * What {@code GET /api/v1/consultations/{id}/expert-view} shows the lease holder. Until {@code ready},
 * the trustees have not yet switched the history key and the scores to the expert's key
 * ({@code historyKey} null, {@code scores} possibly empty).
 *
 * @param patientKey the key the opinion is sealed to
 * @param history    the history blob exactly as the patient sealed it (under the joint key)
 * @param historyKey Enc(M) key-switched to the expert's key
 * @param scores     the scores key-switched to the expert's key
 */
public record ExpertView(String consultationId, String leaseId, Instant until, boolean ready, PublicKey patientKey,
                         ClaimableBlob history, Ciphertext historyKey, List<ModelScore> scores) {

    public ExpertView {
        scores = scores == null ? List.of() : List.copyOf(scores);
    }
}

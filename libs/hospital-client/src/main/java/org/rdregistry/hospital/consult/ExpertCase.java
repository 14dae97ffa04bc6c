package org.rdregistry.hospital.consult;

import java.time.Instant;
import java.util.List;

import org.rdregistry.crypto.elgamal.PublicKey;

/**
 * A claimed case as its expert reads it: the de-identified history and the scores, decrypted with the
 * expert's key, and the patient's key the opinion goes to. {@code toString} leaves the history out.
 */
public record ExpertCase(String consultationId, String leaseId, Instant until, PublicKey patientKey, byte[] history,
                         List<DecryptedScore> scores) {

    public ExpertCase {
        history = history.clone();
        scores = List.copyOf(scores);
    }

    @Override
    public byte[] history() {
        return history.clone();
    }

    @Override
    public String toString() {
        return "ExpertCase[" + consultationId + ", lease " + leaseId + " until " + until + ", history=<"
                + history.length + " bytes>, " + scores.size() + " scores]";
    }
}

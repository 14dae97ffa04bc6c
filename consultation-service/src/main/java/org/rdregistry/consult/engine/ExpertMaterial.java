package org.rdregistry.consult.engine;

import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.registry.consult.ModelScore;

/**
 * What the trustees switched to the lease holder's key: the history blob's key point Enc(M) and every score, for
 * the lease {@code leaseId} only.
 */
public record ExpertMaterial(String leaseId, Ciphertext historyKey, List<ModelScore> scores) {
    public ExpertMaterial {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(historyKey, "historyKey");
        scores = List.copyOf(scores);
    }
}

package org.rdregistry.registry.consult;

import java.util.Objects;

import org.rdregistry.crypto.elgamal.Ciphertext;

/** A model's encrypted score: under the joint key (scores topic) or key-switched to a reader's key. */
public record ModelScore(ModelRef model, Ciphertext score) {
    public ModelScore {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(score, "score");
    }
}

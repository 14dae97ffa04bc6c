package org.rdregistry.registry.events;

import java.util.Objects;

import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One encrypted field of a record, with its validity proofs. Ciphertexts and proofs only. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EncryptedValue.Categorical.class, name = "categorical"),
    @JsonSubTypes.Type(value = EncryptedValue.Integer.class, name = "integer")
})
public sealed interface EncryptedValue {

    /** A one-hot vector: every cell encrypts 0 or 1 and the cells sum to 1. */
    record Categorical(OneHotEncryption oneHot) implements EncryptedValue {
        public Categorical {
            Objects.requireNonNull(oneHot, "oneHot");
        }
    }

    /**
     * v - min as bit ciphertexts with a range proof and, when the schema asks for squares, an encryption
     * of (v - min)^2 with a proof that it is the square of the range proof's value ciphertext (null
     * otherwise).
     */
    record Integer(RangeProof value, SquareProof square) implements EncryptedValue {
        public Integer {
            Objects.requireNonNull(value, "value");
        }
    }
}

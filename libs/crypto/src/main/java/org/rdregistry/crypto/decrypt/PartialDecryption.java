package org.rdregistry.crypto.decrypt;

import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.proof.DleqProof;

/**
 * Trustee i's decryption share of one ciphertext (spec §4.7): D_i = x_i·alpha with a Chaum-Pedersen
 * proof that log_G Y_i = log_alpha D_i, so the combiner can tell a wrong share from a right one and
 * name the trustee that sent it.
 */
public record PartialDecryption(int trusteeIndex, ECPoint share, DleqProof proof) {

    public PartialDecryption {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(proof, "proof");
    }

    @Override
    public String toString() {
        return "PartialDecryption[trustee=" + trusteeIndex + "]";
    }
}

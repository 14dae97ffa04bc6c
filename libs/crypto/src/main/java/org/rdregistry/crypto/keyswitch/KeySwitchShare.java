package org.rdregistry.crypto.keyswitch;

import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Trustee i's key-switch share of one ciphertext towards a target key T (spec §5.1):
 * U_i = v_i·G and W_i = v_i·T - x_i·alpha for a fresh v_i, with its proof.
 */
public record KeySwitchShare(int trusteeIndex, ECPoint u, ECPoint w, KeySwitchProof proof) {

    public KeySwitchShare {
        Objects.requireNonNull(u, "u");
        Objects.requireNonNull(w, "w");
        Objects.requireNonNull(proof, "proof");
    }

    @Override
    public String toString() {
        return "KeySwitchShare[trustee=" + trusteeIndex + "]";
    }
}

package org.rdregistry.crypto.keyswitch;

import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Sigma-protocol proof for a key-switch share (spec §5.2): knowledge of (v_i, x_i) with U_i = v_i·G,
 * W_i = v_i·T - x_i·alpha and Y_i = x_i·G. Carries the commitments t1, t2, t3 (not the challenge), so
 * many proofs can be batch-verified.
 */
public record KeySwitchProof(ECPoint t1, ECPoint t2, ECPoint t3, BigInteger zv, BigInteger zx) {

    public KeySwitchProof {
        Objects.requireNonNull(t1, "t1");
        Objects.requireNonNull(t2, "t2");
        Objects.requireNonNull(t3, "t3");
        Objects.requireNonNull(zv, "zv");
        Objects.requireNonNull(zx, "zx");
    }

    @Override
    public String toString() {
        return "KeySwitchProof[...]";
    }
}

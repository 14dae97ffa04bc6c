package org.rdregistry.crypto.keyceremony;

import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.proof.DleqProof;

/**
 * Round-3 message (spec §4.4): trustee j accuses dealer i of a share that does not open or fails the
 * Feldman check. j reveals the KEM shared point S = sk_j·E of the published box together with a DLEQ
 * proof that log_G PK_j = log_E S. With S anyone can open that one box (and no other: every box has a
 * fresh E), so anyone can decide who cheated without the dealer's cooperation.
 */
public record Complaint(int dealerIndex, int complainerIndex, ECPoint sharedPoint, DleqProof proof) {

    /** Fiat-Shamir domain of the complaint's DLEQ proof. */
    public static final String DOMAIN = "keyceremony/complaint";

    public Complaint {
        Objects.requireNonNull(sharedPoint, "sharedPoint");
        Objects.requireNonNull(proof, "proof");
    }

    @Override
    public String toString() {
        return "Complaint[" + complainerIndex + " against " + dealerIndex + "]";
    }
}

package org.rdregistry.crypto.keyceremony;

import java.util.List;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.PublicKey;

/**
 * Round-1 broadcast of trustee i (spec §4.2): its communication public key (to which the others seal
 * its shares) and the Feldman commitments K_{i,k} = a_{i,k}·G, k = 0..t-1, to its secret polynomial,
 * each with a Schnorr proof of knowledge.
 */
public record DealerCommitments(int dealerIndex, PublicKey communicationKey, List<ECPoint> coefficientCommitments,
                                List<SchnorrProof> proofs) {

    public DealerCommitments {
        Objects.requireNonNull(communicationKey, "communicationKey");
        coefficientCommitments = List.copyOf(coefficientCommitments);
        proofs = List.copyOf(proofs);
    }

    /** K_{i,0} = a_{i,0}·G, this dealer's contribution to the joint key. */
    public ECPoint constantCommitment() {
        return coefficientCommitments.get(0);
    }

    @Override
    public String toString() {
        return "DealerCommitments[dealer=" + dealerIndex + ", k=" + coefficientCommitments.size() + "]";
    }
}

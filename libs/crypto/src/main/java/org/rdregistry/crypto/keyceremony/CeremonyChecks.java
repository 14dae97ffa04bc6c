package org.rdregistry.crypto.keyceremony;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.InvalidEncodingException;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.proof.VerificationResult;

/** Checks and arithmetic shared by participants, the verifier and the test-only dealer (spec §4). */
final class CeremonyChecks {

    private CeremonyChecks() {
    }

    /** Spec checks K.2 (form) and K.3 (Schnorr proofs) of one commitment message. */
    static VerificationResult verifyCommitments(CeremonyParameters params, DealerCommitments c) {
        GroupContext group = params.group();
        int i = c.dealerIndex();
        if (!params.isIndex(i)) {
            return VerificationResult.fail("K.2", "dealer index " + i + " outside 1.." + params.participants());
        }
        if (c.communicationKey().group() != group) {
            return VerificationResult.fail("K.2", "communication key of dealer " + i + " is on another curve");
        }
        List<ECPoint> k = c.coefficientCommitments();
        if (k.size() != params.threshold() || c.proofs().size() != params.threshold()) {
            return VerificationResult.fail("K.2", "dealer " + i + " must publish exactly t = " + params.threshold()
                    + " commitments and proofs");
        }
        for (int j = 0; j < k.size(); j++) {
            if (!SchnorrProof.validPoint(group, k.get(j))) {
                return VerificationResult.fail("K.2", "commitment K_" + i + "," + j + " is not a valid point");
            }
        }
        for (int j = 0; j < k.size(); j++) {
            VerificationResult r = c.proofs().get(j).verify(group, params.coefficientContext(i, j), k.get(j));
            if (!r.valid()) {
                return VerificationResult.fail("K.3", "proof for K_" + i + "," + j + ": " + r.reason());
            }
        }
        return VerificationResult.ok();
    }

    /** sum_k j^k K_k by Horner's rule (public values, variable time). */
    static ECPoint evaluateCommitments(GroupContext group, List<ECPoint> k, int j) {
        BigInteger x = BigInteger.valueOf(j);
        ECPoint acc = group.infinity();
        for (int m = k.size() - 1; m >= 0; m--) {
            acc = group.multiplyPublic(acc, x).add(k.get(m));
        }
        return acc.normalize();
    }

    /** f(j) = sum_k a_k j^k mod q by Horner's rule. */
    static BigInteger evaluatePolynomial(GroupContext group, BigInteger[] a, int j) {
        BigInteger x = BigInteger.valueOf(j);
        BigInteger acc = BigInteger.ZERO;
        for (int m = a.length - 1; m >= 0; m--) {
            acc = acc.multiply(x).add(a[m]).mod(group.order());
        }
        return acc;
    }

    /** Spec check K.5: s·G = sum_k j^k K_{i,k}. */
    static VerificationResult checkShare(CeremonyParameters params, DealerCommitments dealer, int j, BigInteger s) {
        GroupContext group = params.group();
        ECPoint expected = evaluateCommitments(group, dealer.coefficientCommitments(), j);
        if (!group.multiplyG(s).equals(expected)) {
            return VerificationResult.fail("K.5", "share from dealer " + dealer.dealerIndex() + " to " + j
                    + " does not match the dealer's commitments");
        }
        return VerificationResult.ok();
    }

    /** The share plaintext: exactly 32 bytes encoding a scalar below q (spec §4.3). */
    static Optional<BigInteger> decodeShare(GroupContext group, byte[] plaintext) {
        try {
            return Optional.of(group.decodeScalar(plaintext));
        } catch (InvalidEncodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Part of spec check K.4: the box's ephemeral point E is a valid point of the ceremony's curve and
     * the dealer proved knowledge of log_G E for exactly this box. A recipient complains (revealing
     * sk_j·E) only about boxes that pass, so a complaint can never open a box of another dealer.
     */
    static boolean validBox(CeremonyParameters params, EncryptedShare share) {
        SealedBox box = share.box();
        return SchnorrProof.validPoint(params.group(), box.ephemeral())
                && share.ephemeralProof().verify(params.group(), SchnorrProof.EPHEMERAL_DOMAIN,
                        params.ephemeralContext(share.dealerIndex(), share.recipientIndex(), box), box.ephemeral()).valid();
    }
}

package org.rdregistry.crypto.proof;

import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.group.Transcript;

/**
 * Chaum-Pedersen proof of discrete-log equality (spec §3.1): knowledge of x with h1 = x·g1 and
 * h2 = x·g2. The proof carries its commitments (a1, a2) and the response z, so that many proofs can
 * be verified together by a random linear combination; the challenge is recomputed by the verifier
 * from the domain, the context, the whole statement and the commitments.
 *
 * <p>Used for partial decryptions (g1 = G, h1 = Y_i, g2 = alpha, h2 = D_i) and for the one-hot group
 * sum (g1 = G, g2 = Y).
 */
public record DleqProof(ECPoint a1, ECPoint a2, BigInteger z) {

    public DleqProof {
        Objects.requireNonNull(a1, "a1");
        Objects.requireNonNull(a2, "a2");
        Objects.requireNonNull(z, "z");
    }

    /** The statement: points g1, h1, g2, h2 with log_g1 h1 = log_g2 h2. */
    public record Statement(ECPoint g1, ECPoint h1, ECPoint g2, ECPoint h2) {
        public Statement {
            Objects.requireNonNull(g1, "g1");
            Objects.requireNonNull(h1, "h1");
            Objects.requireNonNull(g2, "g2");
            Objects.requireNonNull(h2, "h2");
        }
    }

    /** Proves the statement with witness x (x·g1 = h1, x·g2 = h2). */
    public static DleqProof prove(GroupContext group, String domain, ProofContext context, Statement s, BigInteger x) {
        BigInteger w = group.randomScalar();
        ECPoint a1 = group.multiplySecret(s.g1(), w).normalize();
        ECPoint a2 = group.multiplySecret(s.g2(), w).normalize();
        BigInteger c = challenge(group, domain, context, s, a1, a2);
        BigInteger z = w.add(c.multiply(x)).mod(group.order());
        return new DleqProof(a1, a2, z);
    }

    /** The Fiat-Shamir challenge over domain, context, statement and commitments (spec §3.1 step 2). */
    public static BigInteger challenge(GroupContext group, String domain, ProofContext context, Statement s,
                                       ECPoint a1, ECPoint a2) {
        return Transcript.start(group, domain, context)
                .append("g1", s.g1()).append("h1", s.h1())
                .append("g2", s.g2()).append("h2", s.h2())
                .append("a1", a1).append("a2", a2)
                .challenge();
    }

    /**
     * Verifies one proof (spec checks D.0-D.3): commitments are valid points, z·g1 = a1 + c·h1 and
     * z·g2 = a2 + c·h2.
     */
    public VerificationResult verify(GroupContext group, String domain, ProofContext context, Statement s) {
        for (ECPoint p : new ECPoint[] {s.g1(), s.g2()}) {
            if (!isGroupElement(group, p)) {
                return VerificationResult.fail("D.0", "statement base is not a valid group element");
            }
        }
        for (ECPoint p : new ECPoint[] {s.h1(), s.h2()}) {
            // h1 = h2 = O is a true statement (x = 0, or a one-hot vector whose randomness sums to 0).
            if (!p.getCurve().equals(group.curve()) || !(p.isInfinity() || p.isValid())) {
                return VerificationResult.fail("D.0", "statement point is not a valid group element");
            }
        }
        if (!isGroupElement(group, a1) || !isGroupElement(group, a2)
                || z.signum() < 0 || z.compareTo(group.order()) >= 0) {
            return VerificationResult.fail("D.1", "malformed proof values");
        }
        BigInteger c = challenge(group, domain, context, s, a1, a2);
        BigInteger minusC = group.order().subtract(c);
        if (!group.sumOfTwoPublic(s.g1(), z, s.h1(), minusC).equals(a1)) {
            return VerificationResult.fail("D.2", "z*g1 != a1 + c*h1");
        }
        if (!group.sumOfTwoPublic(s.g2(), z, s.h2(), minusC).equals(a2)) {
            return VerificationResult.fail("D.3", "z*g2 != a2 + c*h2");
        }
        return VerificationResult.ok();
    }

    private static boolean isGroupElement(GroupContext group, ECPoint p) {
        return p.getCurve().equals(group.curve()) && !p.isInfinity() && p.isValid();
    }
}

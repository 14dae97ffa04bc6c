package org.rdregistry.crypto.keyceremony;

import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.group.Transcript;
import org.rdregistry.crypto.proof.VerificationResult;

/**
 * Schnorr proof of knowledge of a with K = aG (spec §4.2). Each dealer proves knowledge of every
 * polynomial coefficient it commits to; without these proofs a dealer who speaks last could publish
 * K_{i,0} = X - (sum of the others) and bias or even choose the joint key (rogue-key attack).
 *
 * <p>The proof carries its commitment R (not the challenge), so proofs can be batch-verified.
 */
public record SchnorrProof(ECPoint commitment, BigInteger response) {

    /** Fiat-Shamir domain of coefficient proofs. */
    public static final String DOMAIN = "keyceremony/coefficient";
    /** Fiat-Shamir domain of the proof of knowledge of a share box's ephemeral secret (spec §4.3). */
    public static final String EPHEMERAL_DOMAIN = "keyceremony/share-ephemeral";

    public SchnorrProof {
        Objects.requireNonNull(commitment, "commitment");
        Objects.requireNonNull(response, "response");
    }

    /** Proves knowledge of {@code secret} with {@code statement = secret·G} under {@code context}. */
    public static SchnorrProof prove(GroupContext group, ProofContext context, ECPoint statement, BigInteger secret) {
        return prove(group, DOMAIN, context, statement, secret);
    }

    /** Proves knowledge of {@code secret} with {@code statement = secret·G} under a domain and context. */
    public static SchnorrProof prove(GroupContext group, String domain, ProofContext context, ECPoint statement,
                                     BigInteger secret) {
        BigInteger w = group.randomScalar();
        ECPoint r = group.multiplyG(w);
        BigInteger c = challenge(group, domain, context, statement, r);
        return new SchnorrProof(r, w.add(c.multiply(secret)).mod(group.order()));
    }

    /** c = H(domain, context, K, R) (spec §4.2). */
    public static BigInteger challenge(GroupContext group, ProofContext context, ECPoint statement, ECPoint commitment) {
        return challenge(group, DOMAIN, context, statement, commitment);
    }

    /** c = H(domain, context, K, R). */
    public static BigInteger challenge(GroupContext group, String domain, ProofContext context, ECPoint statement,
                                       ECPoint commitment) {
        return Transcript.start(group, domain, context)
                .append("K", statement)
                .append("R", commitment)
                .challenge();
    }

    /** Spec check K.3: R a valid point, z in [0, q), z·G = R + c·K. */
    public VerificationResult verify(GroupContext group, ProofContext context, ECPoint statement) {
        return verify(group, DOMAIN, context, statement);
    }

    /** As {@link #verify(GroupContext, ProofContext, ECPoint)} under another domain. */
    public VerificationResult verify(GroupContext group, String domain, ProofContext context, ECPoint statement) {
        if (!validPoint(group, commitment) || !validPoint(group, statement)
                || response.signum() < 0 || response.compareTo(group.order()) >= 0) {
            return VerificationResult.fail("K.3", "malformed Schnorr proof values");
        }
        BigInteger c = challenge(group, domain, context, statement, commitment);
        ECPoint lhs = group.sumOfTwoPublic(group.generator(), response, statement, group.order().subtract(c));
        if (!lhs.equals(commitment)) {
            return VerificationResult.fail("K.3", "z*G != R + c*K");
        }
        return VerificationResult.ok();
    }

    static boolean validPoint(GroupContext group, ECPoint p) {
        return p != null && group.curve().equals(p.getCurve()) && !p.isInfinity() && p.isValid();
    }

    @Override
    public String toString() {
        return "SchnorrProof[...]";
    }
}

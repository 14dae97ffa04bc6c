package org.rdregistry.crypto.proof;

import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.group.Transcript;

/**
 * Disjunctive Chaum-Pedersen (Cramer-Damgård-Schoenmakers) proof that an exponential ElGamal
 * ciphertext (alpha, beta) = (rG, mG + rY) encrypts m ∈ {0, 1} (spec §3.2).
 *
 * <p>Branch j ∈ {0, 1} claims that (alpha, beta - jG) is an encryption of zero, i.e. that
 * log_G alpha = log_Y (beta - jG). The prover answers the true branch honestly and simulates the
 * other one with a challenge of its own choosing; the two branch challenges must add up to the
 * Fiat-Shamir challenge c, so at most one branch can be simulated. The proof carries all four
 * commitments (a0, b0, a1, b1) as well as (c0, z0, z1); c1 = c - c0 is recomputed. Carrying the
 * commitments instead of both challenges is what makes the proof batch-verifiable
 * ({@link BatchVerifier}): every check is a linear equation in points.
 *
 * <p>Checks (spec §3.2.2): Z.1 statement well-formed, Z.2 proof values well-formed, Z.3 z0·G = a0 +
 * c0·alpha, Z.4 z0·Y = b0 + c0·beta, Z.5 z1·G = a1 + c1·alpha, Z.6 z1·Y = b1 + c1·(beta - G).
 */
public record ZeroOneProof(ECPoint a0, ECPoint b0, ECPoint a1, ECPoint b1, BigInteger c0, BigInteger z0,
                           BigInteger z1) {

    /** Fiat-Shamir domain of this proof (spec §3.2.1). */
    public static final String DOMAIN = "proof/zero-one";

    public ZeroOneProof {
        Objects.requireNonNull(a0, "a0");
        Objects.requireNonNull(b0, "b0");
        Objects.requireNonNull(a1, "a1");
        Objects.requireNonNull(b1, "b1");
        Objects.requireNonNull(c0, "c0");
        Objects.requireNonNull(z0, "z0");
        Objects.requireNonNull(z1, "z1");
    }

    /** A fresh encryption of a bit together with its proof. {@link #encryption()} holds the secret randomness. */
    public record ProvenBit(Encryption encryption, ZeroOneProof proof) {
        public ProvenBit {
            Objects.requireNonNull(encryption, "encryption");
            Objects.requireNonNull(proof, "proof");
        }

        public Ciphertext ciphertext() {
            return encryption.ciphertext();
        }

        @Override
        public String toString() {
            return "ProvenBit[" + encryption + "]";
        }
    }

    /** Encrypts {@code bit} under {@code key} with fresh randomness and proves it is 0 or 1. */
    public static ProvenBit encryptAndProve(GroupContext group, PublicKey key, ProofContext context, int bit) {
        requireBit(bit);
        Encryption e = new ElGamal(group).encrypt(key, bit);
        return new ProvenBit(e, prove(group, key, context, e, bit));
    }

    /**
     * Proves that {@code encryption} encrypts {@code bit}.
     *
     * @throws IllegalArgumentException if bit is not 0 or 1, or the encryption does not encrypt
     *     {@code bit} with its randomness under {@code key} (no proof is produced for a false statement)
     */
    public static ZeroOneProof prove(GroupContext group, PublicKey key, ProofContext context, Encryption encryption,
                                     int bit) {
        requireBit(bit);
        checkKey(group, key);
        Objects.requireNonNull(context, "context");
        BigInteger r = encryption.randomness();
        Ciphertext ct = encryption.ciphertext().normalize();
        ECPoint y = key.point();
        ECPoint g = group.generator();
        // Refuse a false statement rather than emit a proof that cannot verify.
        // beta - rY is bG; computed without adding O, so the check costs the same for either bit.
        ECPoint bitPoint = ct.beta().subtract(group.multiplyFixed(y, r)).normalize();
        boolean matches = bit == 1 ? bitPoint.equals(g) : bitPoint.isInfinity();
        if (!group.multiplyG(r).equals(ct.alpha()) || !matches) {
            throw new IllegalArgumentException("the encryption does not encrypt the claimed bit");
        }
        BigInteger n = group.order();
        // The same sequence of operations for either bit: one honest branch (index bit) and one
        // simulated branch (index 1 - bit), with secret-safe multipliers throughout.
        BigInteger w = group.randomScalar();
        BigInteger cSim = group.randomScalar();
        BigInteger zSim = group.randomScalar();
        ECPoint aReal = group.multiplyG(w);
        ECPoint bReal = group.multiplyFixed(y, w).normalize();
        ECPoint betaMinusG = ct.beta().subtract(g);
        ECPoint simTarget = bit == 0 ? betaMinusG : ct.beta();
        ECPoint aSim = group.multiplyG(zSim).subtract(group.multiplySecret(ct.alpha(), cSim)).normalize();
        ECPoint bSim = group.multiplyFixed(y, zSim).subtract(group.multiplySecret(simTarget, cSim)).normalize();
        ECPoint a0 = bit == 0 ? aReal : aSim;
        ECPoint b0 = bit == 0 ? bReal : bSim;
        ECPoint a1 = bit == 0 ? aSim : aReal;
        ECPoint b1 = bit == 0 ? bSim : bReal;
        BigInteger c = challenge(group, key, context, ct, a0, b0, a1, b1);
        BigInteger cReal = c.subtract(cSim).mod(n);
        BigInteger zReal = w.add(cReal.multiply(r)).mod(n);
        BigInteger c0 = bit == 0 ? cReal : cSim;
        BigInteger z0 = bit == 0 ? zReal : zSim;
        BigInteger z1 = bit == 0 ? zSim : zReal;
        return new ZeroOneProof(a0, b0, a1, b1, c0, z0, z1);
    }

    /**
     * The Fiat-Shamir challenge c (spec §3.2.1 step 3): domain "proof/zero-one", context, then Y, alpha,
     * beta, a0, b0, a1, b1.
     */
    public static BigInteger challenge(GroupContext group, PublicKey key, ProofContext context, Ciphertext ciphertext,
                                       ECPoint a0, ECPoint b0, ECPoint a1, ECPoint b1) {
        return Transcript.start(group, DOMAIN, context)
                .append("Y", key.point())
                .append("alpha", ciphertext.alpha())
                .append("beta", ciphertext.beta())
                .append("a0", a0).append("b0", b0)
                .append("a1", a1).append("b1", b1)
                .challenge();
    }

    /** c1 = c - c0 mod n for this proof's statement. */
    BigInteger c1(GroupContext group, PublicKey key, ProofContext context, Ciphertext ciphertext) {
        return challenge(group, key, context, ciphertext, a0, b0, a1, b1).subtract(c0).mod(group.order());
    }

    /** Verifies the proof against a key, context and ciphertext (spec checks Z.1-Z.6). */
    public VerificationResult verify(GroupContext group, PublicKey key, ProofContext context, Ciphertext ciphertext) {
        VerificationResult pre = checkStatement(group, key, ciphertext).and(() -> checkValues(group));
        if (!pre.valid()) {
            return pre;
        }
        BigInteger c1 = c1(group, key, context, ciphertext);
        ECPoint g = group.generator();
        ECPoint y = key.point();
        ECPoint alpha = ciphertext.alpha();
        ECPoint beta = ciphertext.beta();
        if (!group.sumOfTwoPublic(g, z0, alpha, c0.negate()).equals(a0)) {
            return VerificationResult.fail("Z.3", "z0*G != a0 + c0*alpha");
        }
        if (!group.sumOfTwoPublic(y, z0, beta, c0.negate()).equals(b0)) {
            return VerificationResult.fail("Z.4", "z0*Y != b0 + c0*beta");
        }
        if (!group.sumOfTwoPublic(g, z1, alpha, c1.negate()).equals(a1)) {
            return VerificationResult.fail("Z.5", "z1*G != a1 + c1*alpha");
        }
        if (!group.sumOfTwoPublic(y, z1, beta.subtract(g), c1.negate()).equals(b1)) {
            return VerificationResult.fail("Z.6", "z1*Y != b1 + c1*(beta - G)");
        }
        return VerificationResult.ok();
    }

    /**
     * Spec check Z.1: the key is a valid point of this group other than infinity; alpha and beta are
     * valid points of this group, alpha not infinity (alpha = O would mean r = 0: the plaintext in
     * the clear).
     */
    static VerificationResult checkStatement(GroupContext group, PublicKey key, Ciphertext ciphertext) {
        if (key == null || ciphertext == null) {
            return VerificationResult.fail("Z.1", "missing key or ciphertext");
        }
        if (key.group() != group) {
            return VerificationResult.fail("Z.1", "key belongs to another group");
        }
        if (!Points.valid(group, ciphertext.alpha(), false) || !Points.valid(group, ciphertext.beta(), true)) {
            return VerificationResult.fail("Z.1", "ciphertext is not a pair of valid points");
        }
        return VerificationResult.ok();
    }

    /** Spec check Z.2: commitments are valid points other than infinity, scalars are in [0, n). */
    VerificationResult checkValues(GroupContext group) {
        if (!Points.valid(group, a0, false) || !Points.valid(group, b0, false)
                || !Points.valid(group, a1, false) || !Points.valid(group, b1, false)) {
            return VerificationResult.fail("Z.2", "commitment is not a valid point or is infinity");
        }
        if (!Points.scalar(group, c0) || !Points.scalar(group, z0) || !Points.scalar(group, z1)) {
            return VerificationResult.fail("Z.2", "scalar not in [0, n)");
        }
        return VerificationResult.ok();
    }

    private static void requireBit(int bit) {
        if (bit != 0 && bit != 1) {
            throw new IllegalArgumentException("a zero-one proof can only be made for 0 or 1");
        }
    }

    static void checkKey(GroupContext group, PublicKey key) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(key, "key");
        if (key.group() != group) {
            throw new IllegalArgumentException("key belongs to " + key.group().name() + ", not " + group.name());
        }
    }

    @Override
    public String toString() {
        return "ZeroOneProof[...]";
    }
}

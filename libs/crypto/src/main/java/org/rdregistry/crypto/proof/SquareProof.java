package org.rdregistry.crypto.proof;

import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.group.Transcript;

/**
 * An encryption of v² together with a proof that it is the square of the value encrypted by a given
 * ciphertext C_v = (A, B) = (rG, vG + rY) (spec §3.6). Variances are computed from sums of squares, so
 * a square that is merely in range (as a range proof would show) lets a dishonest submitter skew them;
 * this proof binds the square to the value instead, and costs a fixed 6 points rather than a range
 * proof of 2·bitLength(B) bits.
 *
 * <p>The square ciphertext is C_s = (A', B') = v·C_v + (ρG, ρY), i.e. A' = v·A + ρG, B' = v·B + ρY,
 * which decrypts to v·v; its randomness v·r + ρ is uniform because ρ is. The proof is a Schnorr-style
 * sigma protocol for the witnesses (v, r, ρ) of the four linear equations
 * A = r·G, B = v·G + r·Y, A' = v·A + ρ·G, B' = v·B + ρ·Y, made non-interactive by Fiat-Shamir over the
 * whole statement. It carries its commitments (T1..T4) so that it is batch-verifiable
 * ({@link BatchVerifier}).
 *
 * <p>The proof says nothing about the range of v: the value ciphertext must come with a range proof
 * (in the registry, C_v is the derived value ciphertext of the field's {@link RangeProof}), which makes
 * v an integer in [0, B] and v·v the integer square, below n.
 *
 * <p>Checks (spec §3.6.3): Q.1 statement well-formed, Q.2 square ciphertext well-formed, Q.3 proof
 * values well-formed, Q.4 z_r·G = T1 + c·A, Q.5 z_v·G + z_r·Y = T2 + c·B, Q.6 z_v·A + z_ρ·G = T3 + c·A',
 * Q.7 z_v·B + z_ρ·Y = T4 + c·B'.
 *
 * @param square the square ciphertext C_s = (A', B')
 * @param t1 commitment k_r·G
 * @param t2 commitment k_v·G + k_r·Y
 * @param t3 commitment k_v·A + k_ρ·G
 * @param t4 commitment k_v·B + k_ρ·Y
 * @param zV response k_v + c·v
 * @param zR response k_r + c·r
 * @param zRho response k_ρ + c·ρ
 */
public record SquareProof(Ciphertext square, ECPoint t1, ECPoint t2, ECPoint t3, ECPoint t4, BigInteger zV,
                          BigInteger zR, BigInteger zRho) {

    /** Fiat-Shamir domain of this proof (spec §3.6.2). */
    public static final String DOMAIN = "proof/square";

    public SquareProof {
        Objects.requireNonNull(square, "square");
        Objects.requireNonNull(t1, "t1");
        Objects.requireNonNull(t2, "t2");
        Objects.requireNonNull(t3, "t3");
        Objects.requireNonNull(t4, "t4");
        Objects.requireNonNull(zV, "zV");
        Objects.requireNonNull(zR, "zR");
        Objects.requireNonNull(zRho, "zRho");
    }

    /**
     * Encrypts value² as v·C_v + (ρG, ρY) and proves it is the square of the value that
     * {@code valueEncryption} encrypts (spec §3.6.2). In the registry {@code valueEncryption} is
     * {@code RangeProof.Result.value()} of the same field.
     *
     * @throws IllegalArgumentException if the key is of another group, or {@code valueEncryption} does not
     *     encrypt {@code value} with its randomness under {@code key}, or its first component is the point
     *     at infinity (no proof is produced for a statement that would not verify; the message does not
     *     contain the value)
     */
    public static SquareProof prove(GroupContext group, PublicKey key, ProofContext context, long value,
                                    Encryption valueEncryption) {
        ZeroOneProof.checkKey(group, key);
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(valueEncryption, "valueEncryption");
        BigInteger n = group.order();
        BigInteger v = group.reduce(value);
        BigInteger r = group.reduce(valueEncryption.randomness());
        Ciphertext cv = valueEncryption.ciphertext().normalize();
        ECPoint y = key.point();
        // Every multiplication is a regular comb (multiplyG, or multiplyFixed on the key) by a scalar
        // that is uniform or blinded by u: BouncyCastle returns early for a zero scalar and for adding
        // O, so v = 0 must never be a scalar nor v·P an intermediate point. A = r·G lets k_v·A and v·A
        // be written as multiples of G.
        BigInteger u = group.randomScalar();
        ECPoint uG = group.multiplyG(u);
        // Refuse a false statement (also A = O, which check Q.1 rejects) rather than emit a proof that
        // cannot verify: A = r·G and B + u·G = (v + u)·G + r·Y.
        if (cv.alpha().isInfinity() || !group.multiplyG(r).equals(cv.alpha())
                || !group.multiplyG(v.add(u)).add(group.multiplyFixed(y, r)).equals(cv.beta().add(uG))) {
            throw new IllegalArgumentException("the value encryption does not encrypt the claimed value");
        }
        // C_s randomness s = v·r + ρ: A' = v·A + ρ·G = s·G, B' = v·B + ρ·Y = v²·G + s·Y. A' = O only for
        // s = 0 (probability 1/n), which the wire and check Q.2 forbid, so draw again.
        BigInteger rho;
        BigInteger s;
        do {
            rho = group.randomScalar();
            s = v.multiply(r).add(rho).mod(n);
        } while (s.signum() == 0);
        ECPoint aPrime = group.multiplyG(s);
        ECPoint bPrime = group.multiplyG(v.multiply(v).add(u)).add(group.multiplyFixed(y, s)).subtract(uG).normalize();
        Ciphertext square = new Ciphertext(aPrime, bPrime);
        // T3 = k_v·A + k_rho·G = (k_v·r + k_rho)·G, T4 = k_v·B + k_rho·Y = k_v·v·G + (k_v·r + k_rho)·Y.
        // A commitment that is O (probability about 3/n) would fail Q.3: draw again.
        BigInteger kV;
        BigInteger kR;
        BigInteger kRho;
        ECPoint t1;
        ECPoint t2;
        ECPoint t3;
        ECPoint t4;
        do {
            kV = group.randomScalar();
            kR = group.randomScalar();
            kRho = group.randomScalar();
            BigInteger kA = kV.multiply(r).add(kRho).mod(n);
            t1 = group.multiplyG(kR);
            t2 = group.multiplyG(kV).add(group.multiplyFixed(y, kR)).normalize();
            t3 = group.multiplyG(kA);
            t4 = group.multiplyG(kV.multiply(v).add(u)).add(group.multiplyFixed(y, kA)).subtract(uG).normalize();
        } while (t2.isInfinity() || t3.isInfinity() || t4.isInfinity());
        BigInteger c = challenge(group, key, context, cv, square, t1, t2, t3, t4);
        return new SquareProof(square, t1, t2, t3, t4,
                kV.add(c.multiply(v)).mod(n),
                kR.add(c.multiply(r)).mod(n),
                kRho.add(c.multiply(rho)).mod(n));
    }

    /**
     * The Fiat-Shamir challenge c (spec §3.6.2): domain "proof/square", context, then Y, A, B, A', B',
     * T1, T2, T3, T4.
     */
    public static BigInteger challenge(GroupContext group, PublicKey key, ProofContext context, Ciphertext value,
                                       Ciphertext square, ECPoint t1, ECPoint t2, ECPoint t3, ECPoint t4) {
        return Transcript.start(group, DOMAIN, context)
                .append("Y", key.point())
                .append("alpha", value.alpha())
                .append("beta", value.beta())
                .append("square-alpha", square.alpha())
                .append("square-beta", square.beta())
                .append("t1", t1).append("t2", t2).append("t3", t3).append("t4", t4)
                .challenge();
    }

    /** This proof's challenge for the given statement. */
    BigInteger challenge(GroupContext group, PublicKey key, ProofContext context, Ciphertext value) {
        return challenge(group, key, context, value, square, t1, t2, t3, t4);
    }

    /**
     * Verifies that {@link #square()} encrypts the square of the value that {@code valueCiphertext}
     * encrypts, under {@code key} and {@code context} (spec checks Q.1-Q.7).
     */
    public VerificationResult verify(GroupContext group, PublicKey key, ProofContext context,
                                     Ciphertext valueCiphertext) {
        VerificationResult pre = precheck(group, key, valueCiphertext);
        if (!pre.valid()) {
            return pre;
        }
        BigInteger c = challenge(group, key, context, valueCiphertext);
        BigInteger minusC = group.order().subtract(c);
        ECPoint g = group.generator();
        ECPoint y = key.point();
        ECPoint a = valueCiphertext.alpha();
        ECPoint b = valueCiphertext.beta();
        // Each check as "left - c·X = T", with sumOfTwoPublic for two bases; Q.5-Q.7 have three.
        if (!group.sumOfTwoPublic(g, zR, a, minusC).equals(t1)) {
            return VerificationResult.fail("Q.4", "zR*G != T1 + c*A");
        }
        if (!group.sumOfTwoPublic(g, zV, y, zR).add(group.multiplyPublic(b, minusC)).equals(t2)) {
            return VerificationResult.fail("Q.5", "zV*G + zR*Y != T2 + c*B");
        }
        if (!group.sumOfTwoPublic(a, zV, g, zRho).add(group.multiplyPublic(square.alpha(), minusC)).equals(t3)) {
            return VerificationResult.fail("Q.6", "zV*A + zRho*G != T3 + c*A'");
        }
        if (!group.sumOfTwoPublic(b, zV, y, zRho).add(group.multiplyPublic(square.beta(), minusC)).equals(t4)) {
            return VerificationResult.fail("Q.7", "zV*B + zRho*Y != T4 + c*B'");
        }
        return VerificationResult.ok();
    }

    /** Checks Q.1-Q.3: everything that must hold before any equation is evaluated (also batch check B.1). */
    VerificationResult precheck(GroupContext group, PublicKey key, Ciphertext valueCiphertext) {
        return checkStatement(group, key, valueCiphertext).and(() -> checkSquare(group)).and(() -> checkValues(group));
    }

    /**
     * Spec check Q.1: the key belongs to this group; A is a valid point other than O (A = O would mean
     * r = 0: v in the clear), B a valid point (may be O).
     */
    static VerificationResult checkStatement(GroupContext group, PublicKey key, Ciphertext valueCiphertext) {
        if (key == null || valueCiphertext == null) {
            return VerificationResult.fail("Q.1", "missing key or value ciphertext");
        }
        if (key.group() != group) {
            return VerificationResult.fail("Q.1", "key belongs to another group");
        }
        if (!Points.valid(group, valueCiphertext.alpha(), false) || !Points.valid(group, valueCiphertext.beta(), true)) {
            return VerificationResult.fail("Q.1", "value ciphertext is not a pair of valid points with A != O");
        }
        return VerificationResult.ok();
    }

    /** Spec check Q.2: A' is a valid point other than O (else v² in the clear), B' a valid point (may be O). */
    VerificationResult checkSquare(GroupContext group) {
        if (!Points.valid(group, square.alpha(), false) || !Points.valid(group, square.beta(), true)) {
            return VerificationResult.fail("Q.2", "square ciphertext is not a pair of valid points with A' != O");
        }
        return VerificationResult.ok();
    }

    /** Spec check Q.3: T1..T4 are valid points other than O; zV, zR, zRho are canonical. */
    VerificationResult checkValues(GroupContext group) {
        if (!Points.valid(group, t1, false) || !Points.valid(group, t2, false)
                || !Points.valid(group, t3, false) || !Points.valid(group, t4, false)) {
            return VerificationResult.fail("Q.3", "commitment is not a valid point or is infinity");
        }
        if (!Points.scalar(group, zV) || !Points.scalar(group, zR) || !Points.scalar(group, zRho)) {
            return VerificationResult.fail("Q.3", "scalar not in [0, n)");
        }
        return VerificationResult.ok();
    }

    @Override
    public String toString() {
        return "SquareProof[...]";
    }
}

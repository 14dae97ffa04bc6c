package org.rdregistry.crypto.elgamal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;

/**
 * An exponential ElGamal ciphertext (alpha, beta) = (rG, mG + rY) (spec §2.2). Immutable; the
 * homomorphic operations return new ciphertexts. Components may be the point at infinity only as the
 * result of homomorphic arithmetic (for example the sum of a value and its negation).
 *
 * <p>Points are kept in whatever projective form the last operation produced, so that long chains of
 * additions do not pay a field inversion each; {@link #equals} compares the group elements.
 */
public record Ciphertext(ECPoint alpha, ECPoint beta) {

    public Ciphertext {
        Objects.requireNonNull(alpha, "alpha");
        Objects.requireNonNull(beta, "beta");
        if (!alpha.getCurve().equals(beta.getCurve())) {
            throw new IllegalArgumentException("ciphertext components on different curves");
        }
    }

    /** The neutral ciphertext (O, O): a deterministic encryption of 0 with randomness 0. */
    public static Ciphertext zero(GroupContext group) {
        return new Ciphertext(group.infinity(), group.infinity());
    }

    /**
     * Every ciphertext in affine form, as {@link #normalize()} gives it, with one field inversion for
     * all of them (BouncyCastle's {@code ECCurve.normalizeAll}, Montgomery's trick) instead of one per
     * point. All on one curve.
     */
    public static List<Ciphertext> normalizeAll(List<Ciphertext> ciphertexts) {
        if (ciphertexts.isEmpty()) {
            return List.of();
        }
        ECPoint[] points = new ECPoint[2 * ciphertexts.size()];
        for (int i = 0; i < ciphertexts.size(); i++) {
            points[2 * i] = ciphertexts.get(i).alpha;
            points[2 * i + 1] = ciphertexts.get(i).beta;
        }
        points[0].getCurve().normalizeAll(points);
        List<Ciphertext> out = new ArrayList<>(ciphertexts.size());
        for (int i = 0; i < ciphertexts.size(); i++) {
            out.add(new Ciphertext(points[2 * i], points[2 * i + 1]));
        }
        return out;
    }

    /** Homomorphic addition: Enc(a) + Enc(b) = Enc(a + b). */
    public Ciphertext add(Ciphertext other) {
        return new Ciphertext(alpha.add(other.alpha), beta.add(other.beta));
    }

    /** Homomorphic subtraction: Enc(a) - Enc(b) = Enc(a - b). */
    public Ciphertext subtract(Ciphertext other) {
        return new Ciphertext(alpha.subtract(other.alpha), beta.subtract(other.beta));
    }

    /** Homomorphic negation: Enc(-a). */
    public Ciphertext negate() {
        return new Ciphertext(alpha.negate(), beta.negate());
    }

    /** Multiplication by a public plaintext integer k (negative allowed): Enc(k·a). */
    public Ciphertext multiply(GroupContext group, long k) {
        return multiply(group, BigInteger.valueOf(k));
    }

    /** Multiplication by a public plaintext integer k (any sign, reduced mod n): Enc(k·a). */
    public Ciphertext multiply(GroupContext group, BigInteger k) {
        BigInteger r = group.reduce(k);
        return new Ciphertext(group.multiplyPublic(alpha, r), group.multiplyPublic(beta, r));
    }

    /** Adds a public plaintext constant c: Enc(a + c), with unchanged randomness. */
    public Ciphertext addPlaintext(GroupContext group, long c) {
        return new Ciphertext(alpha, beta.add(group.multiplyG(group.reduce(c))));
    }

    /** Both components in affine form, for encoding, hashing or table look-ups. */
    public Ciphertext normalize() {
        return new Ciphertext(alpha.normalize(), beta.normalize());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ciphertext other && alpha.equals(other.alpha) && beta.equals(other.beta);
    }

    @Override
    public int hashCode() {
        return alpha.normalize().hashCode() * 31 + beta.normalize().hashCode();
    }

    @Override
    public String toString() {
        return "Ciphertext[...]";
    }
}

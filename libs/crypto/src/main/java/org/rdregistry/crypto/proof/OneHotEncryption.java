package org.rdregistry.crypto.proof;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;

/**
 * A categorical value as a one-hot vector of ciphertexts C_0 .. C_{m-1} with proofs that it is
 * well formed (spec §3.3): each C_j encrypts 0 or 1 ({@link ZeroOneProof}, context bound to the
 * position j and the size m, so ciphertexts cannot be reordered), and Σ_j C_j - (O, G) is an
 * encryption of zero ({@link DleqProof} with g1 = G, h1 = Σ alpha_j, g2 = Y, h2 = Σ beta_j - G and
 * witness R = Σ r_j, context bound to the whole vector), so exactly one C_j encrypts 1.
 *
 * <p>Checks: O.1 shape, O.2 every bit proof, O.3 the sum proof.
 */
public record OneHotEncryption(List<Ciphertext> ciphertexts, List<ZeroOneProof> bitProofs, DleqProof sumProof) {

    /** Fiat-Shamir domain of the sum proof (spec §3.3.1). */
    public static final String SUM_DOMAIN = "proof/one-hot-sum";
    /** Largest number of categories accepted (bounds verifier work per value). */
    public static final int MAX_CATEGORIES = 1 << 12;

    public OneHotEncryption {
        ciphertexts = List.copyOf(ciphertexts);
        bitProofs = List.copyOf(bitProofs);
        Objects.requireNonNull(sumProof, "sumProof");
    }

    /** Number of categories m. */
    public int size() {
        return ciphertexts.size();
    }

    /**
     * Encrypts category {@code category} of {@code categoryCount} as a one-hot vector with fresh
     * randomness and proves it.
     */
    public static OneHotEncryption prove(GroupContext group, PublicKey key, ProofContext context, int category,
                                         int categoryCount) {
        checkShape(category, categoryCount);
        ElGamal elgamal = new ElGamal(group);
        List<Encryption> encryptions = new ArrayList<>(categoryCount);
        for (int j = 0; j < categoryCount; j++) {
            encryptions.add(elgamal.encrypt(key, j == category ? 1 : 0));
        }
        return prove(group, key, context, encryptions, category);
    }

    /**
     * Proves a one-hot vector the caller has already encrypted: {@code encryptions.get(category)}
     * must encrypt 1 and every other entry 0 (the bit provers refuse anything else).
     */
    public static OneHotEncryption prove(GroupContext group, PublicKey key, ProofContext context,
                                         List<Encryption> encryptions, int category) {
        ZeroOneProof.checkKey(group, key);
        int m = encryptions.size();
        checkShape(category, m);
        List<Ciphertext> cts = new ArrayList<>(m);
        List<ZeroOneProof> proofs = new ArrayList<>(m);
        BigInteger sumR = BigInteger.ZERO;
        for (int j = 0; j < m; j++) {
            Encryption e = encryptions.get(j);
            Ciphertext ct = e.ciphertext().normalize();
            cts.add(ct);
            proofs.add(ZeroOneProof.prove(group, key, bitContext(context, m, j), new Encryption(ct, e.randomness()),
                    j == category ? 1 : 0));
            sumR = sumR.add(e.randomness());
        }
        BigInteger witness = sumR.mod(group.order());
        DleqProof sum = DleqProof.prove(group, SUM_DOMAIN, sumContext(group, context, cts),
                sumStatement(group, key, cts), witness);
        return new OneHotEncryption(cts, proofs, sum);
    }

    /**
     * Context of the bit proof at position j (spec §3.3.1):
     * context ‖ ("one-hot-size", m) ‖ ("one-hot-position", j).
     */
    public static ProofContext bitContext(ProofContext context, int size, int position) {
        return context.with("one-hot-size", size).with("one-hot-position", position);
    }

    /**
     * Context of the sum proof (spec §3.3.1): context ‖ ("one-hot-size", m) ‖ ("one-hot-ciphertexts",
     * alpha_0 ‖ beta_0 ‖ ... ‖ alpha_{m-1} ‖ beta_{m-1}), each point in its 33-byte encoding.
     */
    public static ProofContext sumContext(GroupContext group, ProofContext context, List<Ciphertext> ciphertexts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream(ciphertexts.size() * 2 * GroupContext.POINT_BYTES);
        for (Ciphertext c : ciphertexts) {
            all.writeBytes(group.encodePoint(c.alpha()));
            all.writeBytes(group.encodePoint(c.beta()));
        }
        return context.with("one-hot-size", ciphertexts.size()).with("one-hot-ciphertexts", all.toByteArray());
    }

    /** The sum statement (G, Σ alpha_j, Y, Σ beta_j - G), normalised (spec §3.3.1). */
    public static DleqProof.Statement sumStatement(GroupContext group, PublicKey key, List<Ciphertext> ciphertexts) {
        ECPoint sumAlpha = group.infinity();
        ECPoint sumBeta = group.infinity();
        for (Ciphertext c : ciphertexts) {
            sumAlpha = sumAlpha.add(c.alpha());
            sumBeta = sumBeta.add(c.beta());
        }
        ECPoint[] h = {sumAlpha, sumBeta.subtract(group.generator())};
        group.curve().normalizeAll(h);
        return new DleqProof.Statement(group.generator(), h[0], key.point(), h[1]);
    }

    /**
     * Verifies against the key, the caller's context and the number of categories the schema
     * declares (spec checks O.1-O.3).
     */
    public VerificationResult verify(GroupContext group, PublicKey key, ProofContext context, int categoryCount) {
        VerificationResult shape = checkShape(group, key, categoryCount);
        if (!shape.valid()) {
            return shape;
        }
        int m = size();
        for (int j = 0; j < m; j++) {
            VerificationResult r = bitProofs.get(j).verify(group, key, bitContext(context, m, j), ciphertexts.get(j));
            if (!r.valid()) {
                return VerificationResult.fail("O.2", "position " + j + ": check " + r.check() + ": " + r.reason());
            }
        }
        VerificationResult s = sumProof.verify(group, SUM_DOMAIN, sumContext(group, context, ciphertexts),
                sumStatement(group, key, ciphertexts));
        if (!s.valid()) {
            return VerificationResult.fail("O.3", "sum proof: check " + s.check() + ": " + s.reason());
        }
        return VerificationResult.ok();
    }

    /**
     * Spec check O.1: 1 ≤ m ≤ MAX_CATEGORIES, m equals the declared count, one proof per ciphertext,
     * key in this group.
     */
    VerificationResult checkShape(GroupContext group, PublicKey key, int categoryCount) {
        if (key == null || key.group() != group) {
            return VerificationResult.fail("O.1", "key missing or from another group");
        }
        if (categoryCount < 1 || categoryCount > MAX_CATEGORIES) {
            return VerificationResult.fail("O.1", "declared category count out of range");
        }
        if (ciphertexts.size() != categoryCount || bitProofs.size() != categoryCount) {
            return VerificationResult.fail("O.1", "expected " + categoryCount + " ciphertexts and bit proofs, got "
                    + ciphertexts.size() + " and " + bitProofs.size());
        }
        return VerificationResult.ok();
    }

    private static void checkShape(int category, int categoryCount) {
        if (categoryCount < 1 || categoryCount > MAX_CATEGORIES) {
            throw new IllegalArgumentException("category count must be in [1, " + MAX_CATEGORIES + "]");
        }
        if (category < 0 || category >= categoryCount) {
            throw new IllegalArgumentException("category index outside [0, " + categoryCount + ")");
        }
    }

    @Override
    public String toString() {
        return "OneHotEncryption[" + size() + " categories]";
    }
}

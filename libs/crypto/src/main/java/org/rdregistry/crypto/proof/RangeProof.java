package org.rdregistry.crypto.proof;

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
 * Proof that an encrypted integer v lies in [0, B] for a public bound B ∈ [1, 2^32] (spec §3.4), by
 * bit decomposition with weights that cover exactly [0, B]: with k = bitLength(B),
 * w_i = 2^i for i &lt; k-1 and w_{k-1} = B - (2^{k-1} - 1). Every Σ w_i·b_i with b_i ∈ {0, 1} lies in
 * [0, B] and every v in [0, B] has such a decomposition, so B need not be of the form 2^k - 1.
 *
 * <p>The proof is the k bit ciphertexts C_i with a {@link ZeroOneProof} each (context bound to B and
 * the bit index i). The value ciphertext is not sent separately: it is derived as Σ w_i·C_i, an
 * encryption of v with randomness Σ w_i·r_i, which the prover returns so that the value can take part
 * in further proofs and in homomorphic sums.
 *
 * <p>Checks: R.1 shape, R.2 every bit proof, R.3 a claimed value ciphertext equals Σ w_i·C_i.
 */
public record RangeProof(List<Ciphertext> bitCiphertexts, List<ZeroOneProof> bitProofs) {

    /** Largest supported bound (the decodable range of the shared discrete-log table). */
    public static final long MAX_BOUND = 1L << 32;

    public RangeProof {
        bitCiphertexts = List.copyOf(bitCiphertexts);
        bitProofs = List.copyOf(bitProofs);
    }

    /**
     * A range proof with the derived value encryption Σ w_i·C_i and its randomness Σ w_i·r_i mod n.
     * {@link #value()} holds secret randomness: send {@code value().ciphertext()} only.
     */
    public record Result(RangeProof proof, Encryption value) {
        public Result {
            Objects.requireNonNull(proof, "proof");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "RangeProof.Result[" + proof + ", " + value + "]";
        }
    }

    /**
     * Encrypts {@code value} bit by bit and proves it lies in [0, bound].
     *
     * @throws IllegalArgumentException if bound is not in [1, 2^32] or value is not in [0, bound]
     *     (the message does not contain the value)
     */
    public static Result prove(GroupContext group, PublicKey key, ProofContext context, long value, long bound) {
        ZeroOneProof.checkKey(group, key);
        Objects.requireNonNull(context, "context");
        checkBound(bound);
        if (value < 0 || value > bound) {
            throw new IllegalArgumentException("value outside the declared range [0, " + bound + "]");
        }
        int k = bitCount(bound);
        long[] w = weights(bound);
        // Decomposition: the top bit takes w_{k-1} when v does not fit in the k-1 low bits.
        long low = (1L << (k - 1)) - 1;
        int top = value > low ? 1 : 0;
        long rest = value - top * w[k - 1];
        ElGamal elgamal = new ElGamal(group);
        List<Ciphertext> cts = new ArrayList<>(k);
        List<ZeroOneProof> proofs = new ArrayList<>(k);
        BigInteger randomness = BigInteger.ZERO;
        int[] bits = new int[k];
        List<Encryption> encryptions = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            bits[i] = i == k - 1 ? top : (int) ((rest >>> i) & 1);
            Encryption e = elgamal.encrypt(key, bits[i]);
            encryptions.add(e);
            cts.add(e.ciphertext());
            randomness = randomness.add(BigInteger.valueOf(w[i]).multiply(e.randomness()));
        }
        for (int i = 0; i < k; i++) {
            proofs.add(ZeroOneProof.prove(group, key, bitContext(group, context, bound, i, cts), encryptions.get(i), bits[i]));
        }
        RangeProof proof = new RangeProof(cts, proofs);
        return new Result(proof, new Encryption(proof.valueCiphertext(group, bound), randomness.mod(group.order())));
    }

    /** k = bitLength(B), the number of bits (spec §3.4.1). */
    public static int bitCount(long bound) {
        checkBound(bound);
        return 64 - Long.numberOfLeadingZeros(bound);
    }

    /** The weights w_0 .. w_{k-1} (spec §3.4.1). */
    public static long[] weights(long bound) {
        int k = bitCount(bound);
        long[] w = new long[k];
        for (int i = 0; i < k - 1; i++) {
            w[i] = 1L << i;
        }
        w[k - 1] = bound - ((1L << (k - 1)) - 1);
        return w;
    }

    /** Context of bit i (spec §3.4.2): context ‖ ("range-bound", B) ‖ ("range-bit", i). */
    public static ProofContext bitContext(GroupContext group, ProofContext context, long bound, int index,
                                          List<Ciphertext> bits) {
        // Binding every bit ciphertext of the proof into each bit's context stops bits of two proofs made
        // under the same context from being mixed into a proof of a value nobody submitted.
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(bits.size() * 2 * GroupContext.POINT_BYTES);
        for (Ciphertext c : bits) {
            all.writeBytes(group.encodePoint(c.alpha()));
            all.writeBytes(group.encodePoint(c.beta()));
        }
        return context.with("range-bound", bound).with("range-bit", index).with("range-bits", all.toByteArray());
    }

    /**
     * The derived value ciphertext Σ w_i·C_i for bound B (spec §3.4.1), normalised. Requires k bit
     * ciphertexts.
     */
    public Ciphertext valueCiphertext(GroupContext group, long bound) {
        return valueCiphertext(group, bitCiphertexts, bound);
    }

    /** {@link #valueCiphertext(GroupContext, long)} of bit ciphertexts alone (their proofs are not needed for it). */
    public static Ciphertext valueCiphertext(GroupContext group, List<Ciphertext> bitCiphertexts, long bound) {
        long[] w = weights(bound);
        if (bitCiphertexts.size() != w.length) {
            throw new IllegalArgumentException("expected " + w.length + " bit ciphertexts for bound " + bound);
        }
        int k = w.length;
        // Horner over bit positions: bit i < k-1 enters at position i (weight 2^i); the top weight
        // w_{k-1} <= 2^(k-1) enters at the positions of its binary digits, so it costs a few additions
        // instead of a scalar multiplication.
        long top = w[k - 1];
        Ciphertext topBit = bitCiphertexts.get(k - 1);
        int height = Math.max(k - 1, 64 - Long.numberOfLeadingZeros(top));
        ECPoint alpha = group.infinity();
        ECPoint beta = group.infinity();
        for (int j = height - 1; j >= 0; j--) {
            alpha = alpha.twice();
            beta = beta.twice();
            if (j < k - 1) {
                alpha = alpha.add(bitCiphertexts.get(j).alpha());
                beta = beta.add(bitCiphertexts.get(j).beta());
            }
            if ((top >>> j & 1) == 1) {
                alpha = alpha.add(topBit.alpha());
                beta = beta.add(topBit.beta());
            }
        }
        return new Ciphertext(alpha, beta).normalize();
    }

    /** Verifies the bits for bound B (spec checks R.1, R.2). */
    public VerificationResult verify(GroupContext group, PublicKey key, ProofContext context, long bound) {
        return verify(group, key, context, bound, null);
    }

    /**
     * Verifies the bits for bound B and, if {@code claimedValue} is not null, that it equals the
     * derived value ciphertext Σ w_i·C_i (spec checks R.1-R.3).
     */
    public VerificationResult verify(GroupContext group, PublicKey key, ProofContext context, long bound,
                                     Ciphertext claimedValue) {
        VerificationResult shape = checkShape(group, key, bound);
        if (!shape.valid()) {
            return shape;
        }
        int k = bitCiphertexts.size();
        for (int i = 0; i < k; i++) {
            VerificationResult r = bitProofs.get(i).verify(group, key, bitContext(group, context, bound, i, bitCiphertexts),
                    bitCiphertexts.get(i));
            if (!r.valid()) {
                return VerificationResult.fail("R.2", "bit " + i + ": check " + r.check() + ": " + r.reason());
            }
        }
        if (claimedValue != null) {
            VerificationResult wellFormed = checkClaimedValue(group, claimedValue);
            if (!wellFormed.valid()) {
                return wellFormed;
            }
            if (!valueCiphertext(group, bound).equals(claimedValue)) {
                return VerificationResult.fail("R.3", "value ciphertext != sum of w_i * C_i");
            }
        }
        return VerificationResult.ok();
    }

    /** Spec check R.1: B ∈ [1, 2^32], exactly k = bitLength(B) ciphertexts and proofs, key in this group. */
    VerificationResult checkShape(GroupContext group, PublicKey key, long bound) {
        if (key == null || key.group() != group) {
            return VerificationResult.fail("R.1", "key missing or from another group");
        }
        if (bound < 1 || bound > MAX_BOUND) {
            return VerificationResult.fail("R.1", "bound outside [1, 2^32]");
        }
        int k = bitCount(bound);
        if (bitCiphertexts.size() != k || bitProofs.size() != k) {
            return VerificationResult.fail("R.1", "expected " + k + " bit ciphertexts and proofs, got "
                    + bitCiphertexts.size() + " and " + bitProofs.size());
        }
        return VerificationResult.ok();
    }

    /** First half of spec check R.3: the claimed value ciphertext consists of valid points. */
    static VerificationResult checkClaimedValue(GroupContext group, Ciphertext claimedValue) {
        if (!Points.valid(group, claimedValue.alpha(), true) || !Points.valid(group, claimedValue.beta(), true)) {
            return VerificationResult.fail("R.3", "value ciphertext is not a pair of valid points");
        }
        return VerificationResult.ok();
    }

    private static void checkBound(long bound) {
        if (bound < 1 || bound > MAX_BOUND) {
            throw new IllegalArgumentException("bound must be in [1, 2^32]");
        }
    }

    @Override
    public String toString() {
        return "RangeProof[" + bitCiphertexts.size() + " bits]";
    }
}

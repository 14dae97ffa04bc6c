package org.rdregistry.crypto.wire;

import java.util.List;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.proof.DleqProof;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;
import org.rdregistry.crypto.proof.ZeroOneProof;

/**
 * Codecs of the zero-knowledge proofs (spec §8.4, tags 0x0101-0x01FF; the DLEQ proof 0x0101 lives in
 * {@link StandardCodecs}). The codecs only carry the proof values: decoding checks that they are valid
 * points and scalars of the message's curve (W.10, W.11), whereas whether a proof proves anything is
 * decided by its verifier against the statement (key, ciphertext, context), which the receiver must
 * already know independently of the message.
 *
 * <p>{@code ZeroOneProof.ProvenBit} and {@code RangeProof.Result} hold encryption randomness: they
 * have no codec (spec W.0); send the proof and {@code ciphertext()}.
 */
public final class ProofCodecs {

    /** Maximum bits of a range proof: bitLength(RangeProof.MAX_BOUND) = bitLength(2^32) = 33. */
    public static final int MAX_RANGE_BITS = 64 - Long.numberOfLeadingZeros(RangeProof.MAX_BOUND);

    /** Commitments are never infinity (also spec check Z.2); c1 = c - c0 is recomputed, not sent. */
    public static final Codec<ZeroOneProof> ZERO_ONE_PROOF = Codec
            .builder(ZeroOneProof.class, 0x0102, "zero-one-proof")
            .point("a0", ZeroOneProof::a0)
            .point("b0", ZeroOneProof::b0)
            .point("a1", ZeroOneProof::a1)
            .point("b1", ZeroOneProof::b1)
            .scalar("c0", ZeroOneProof::c0)
            .scalar("z0", ZeroOneProof::z0)
            .scalar("z1", ZeroOneProof::z1)
            .build(f -> new ZeroOneProof(f.point("a0"), f.point("b0"), f.point("a1"), f.point("b1"),
                    f.scalar("c0"), f.scalar("z0"), f.scalar("z1")));

    /**
     * At most {@link OneHotEncryption#MAX_CATEGORIES} ciphertexts and bit proofs (about 1.2 MB). That the
     * two lists have the schema's length is check O.1 of the verifier, which knows the schema.
     */
    public static final Codec<OneHotEncryption> ONE_HOT_ENCRYPTION = Codec
            .builder(OneHotEncryption.class, 0x0103, "one-hot-encryption")
            .listOf("ciphertexts", StandardCodecs.CIPHERTEXT, OneHotEncryption.MAX_CATEGORIES,
                    OneHotEncryption::ciphertexts)
            .listOf("bitProofs", ZERO_ONE_PROOF, OneHotEncryption.MAX_CATEGORIES, OneHotEncryption::bitProofs)
            .nested("sumProof", StandardCodecs.DLEQ_PROOF, OneHotEncryption::sumProof)
            .build(f -> new OneHotEncryption(f.list("ciphertexts", Ciphertext.class),
                    f.list("bitProofs", ZeroOneProof.class), f.get("sumProof", DleqProof.class)));

    /**
     * At most {@link #MAX_RANGE_BITS} bits. A range proof has only lists, so its curve is that of its
     * first bit ciphertext: a proof without bits (never valid, check R.1) cannot be encoded (W.7) and is
     * not accepted either (W.13).
     */
    public static final Codec<RangeProof> RANGE_PROOF = Codec.builder(RangeProof.class, 0x0104, "range-proof")
            .group(ProofCodecs::groupOfRangeProof)
            .listOf("bitCiphertexts", StandardCodecs.CIPHERTEXT, MAX_RANGE_BITS, RangeProof::bitCiphertexts)
            .listOf("bitProofs", ZERO_ONE_PROOF, MAX_RANGE_BITS, RangeProof::bitProofs)
            .build(f -> rangeProof(f.list("bitCiphertexts", Ciphertext.class), f.list("bitProofs", ZeroOneProof.class)));

    /**
     * The square ciphertext is written as two plain points rather than a nested {@code ciphertext}: A' may
     * not be infinity (check Q.2: v² would be in the clear), B' may. Commitments are never infinity (Q.3).
     */
    public static final Codec<SquareProof> SQUARE_PROOF = Codec.builder(SquareProof.class, 0x0105, "square-proof")
            .point("squareAlpha", p -> p.square().alpha())
            .pointOrInfinity("squareBeta", p -> p.square().beta())
            .point("t1", SquareProof::t1)
            .point("t2", SquareProof::t2)
            .point("t3", SquareProof::t3)
            .point("t4", SquareProof::t4)
            .scalar("zV", SquareProof::zV)
            .scalar("zR", SquareProof::zR)
            .scalar("zRho", SquareProof::zRho)
            .build(f -> new SquareProof(new Ciphertext(f.point("squareAlpha"), f.point("squareBeta")), f.point("t1"),
                    f.point("t2"), f.point("t3"), f.point("t4"), f.scalar("zV"), f.scalar("zR"), f.scalar("zRho")));

    private ProofCodecs() {
    }

    static List<Codec<?>> all() {
        return List.of(ZERO_ONE_PROOF, ONE_HOT_ENCRYPTION, RANGE_PROOF, SQUARE_PROOF);
    }

    private static GroupContext groupOfRangeProof(RangeProof proof) {
        if (proof.bitCiphertexts().isEmpty()) {
            throw new WireFormatException("W.7", "cannot encode range-proof: without bit ciphertexts its curve is"
                    + " unknown");
        }
        return PrimitiveTypes.groupOfPoint(proof.bitCiphertexts().get(0).alpha());
    }

    private static RangeProof rangeProof(List<Ciphertext> bitCiphertexts, List<ZeroOneProof> bitProofs) {
        if (bitCiphertexts.isEmpty()) {
            throw new IllegalArgumentException("a range proof has at least one bit ciphertext");
        }
        return new RangeProof(bitCiphertexts, bitProofs);
    }
}

package org.rdregistry.crypto.wire;

import java.util.ArrayList;
import java.util.List;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.AesGcm;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.proof.DleqProof;

/**
 * Codecs of the library's public value types (spec §8.4). Type tags are allocated in ranges per area
 * (spec §8.4, table "Tag ranges") so that codecs written in parallel do not collide; the registry
 * rejects a duplicate tag or name at start-up.
 *
 * <p>{@code Encryption}, {@code KeyPair} and the other types of {@code WireRegistry.SECRET_TYPES}
 * deliberately have no codec: they hold secrets (spec W.0).
 */
public final class StandardCodecs {

    /** Maximum number of ciphertexts in a {@code ciphertext-list} (66 bytes each: about 4.3 MB). */
    public static final int MAX_CIPHERTEXTS = 1 << 16;
    /** Maximum AES-GCM ciphertext (with its 16-byte tag) in a {@code sealed-box}: 4 MiB. */
    public static final int MAX_SEALED_BOX_BYTES = 4 << 20;
    /** Maximum serialised {@code proof-context}. */
    public static final int MAX_PROOF_CONTEXT_BYTES = 1 << 16;

    public static final Codec<Scalar> SCALAR = Codec.builder(Scalar.class, 0x0001, "scalar")
            .group(Scalar::group)
            .scalar("value", Scalar::value)
            .build(f -> new Scalar(f.group(), f.scalar("value")));

    public static final Codec<PublicKey> PUBLIC_KEY = Codec.builder(PublicKey.class, 0x0002, "public-key")
            .group(PublicKey::group)
            .point("point", PublicKey::point)
            .build(f -> new PublicKey(f.group(), f.point("point")));

    /** Components may be the point at infinity: homomorphic sums such as Enc(a) - Enc(a) produce it. */
    public static final Codec<Ciphertext> CIPHERTEXT = Codec.builder(Ciphertext.class, 0x0003, "ciphertext")
            .pointOrInfinity("alpha", Ciphertext::alpha)
            .pointOrInfinity("beta", Ciphertext::beta)
            .build(f -> new Ciphertext(f.point("alpha"), f.point("beta")));

    public static final Codec<CiphertextList> CIPHERTEXT_LIST = Codec
            .builder(CiphertextList.class, 0x0004, "ciphertext-list")
            .group(CiphertextList::group)
            .listOf("ciphertexts", CIPHERTEXT, MAX_CIPHERTEXTS, CiphertextList::ciphertexts)
            .build(f -> new CiphertextList(f.group(), f.list("ciphertexts", Ciphertext.class)));

    public static final Codec<ProofContext> PROOF_CONTEXT = Codec.builder(ProofContext.class, 0x0005, "proof-context")
            .bytes("bytes", MAX_PROOF_CONTEXT_BYTES, ProofContext::toBytes)
            .build(f -> ProofContext.fromBytes(f.bytes("bytes")));

    public static final Codec<DleqProof> DLEQ_PROOF = Codec.builder(DleqProof.class, 0x0101, "dleq-proof")
            .point("a1", DleqProof::a1)
            .point("a2", DleqProof::a2)
            .scalar("z", DleqProof::z)
            .build(f -> new DleqProof(f.point("a1"), f.point("a2"), f.scalar("z")));

    public static final Codec<SealedBox> SEALED_BOX = Codec.builder(SealedBox.class, 0x0201, "sealed-box")
            .point("ephemeral", SealedBox::ephemeral)
            .fixedBytes("nonce", AesGcm.NONCE_BYTES, SealedBox::nonce)
            .bytes("ciphertext", MAX_SEALED_BOX_BYTES, SealedBox::ciphertext)
            .build(f -> new SealedBox(f.point("ephemeral"), f.bytes("nonce"), f.bytes("ciphertext")));

    private StandardCodecs() {
    }

    /**
     * Every standard top-level codec, in tag order: the ones above and those of the area classes
     * ({@link ProofCodecs}, {@link HybridCodecs}, {@link ThresholdCodecs}, {@link PrivacyCodecs}). Add new
     * codecs here (spec §8.8).
     */
    public static List<Codec<?>> all() {
        List<Codec<?>> all = new ArrayList<>(List.of(SCALAR, PUBLIC_KEY, CIPHERTEXT, CIPHERTEXT_LIST, PROOF_CONTEXT,
                DLEQ_PROOF));
        all.addAll(ProofCodecs.all());
        all.add(SEALED_BOX);
        all.addAll(HybridCodecs.all());
        all.addAll(ThresholdCodecs.all());
        all.addAll(PrivacyCodecs.all());
        return List.copyOf(all);
    }
}

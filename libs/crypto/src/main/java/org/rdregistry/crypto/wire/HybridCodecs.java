package org.rdregistry.crypto.wire;

import java.util.List;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.hybrid.AesGcm;
import org.rdregistry.crypto.hybrid.ClaimableBlob;

/**
 * Codecs of hybrid-encryption values other than the sealed box (spec §8.4, tags 0x0202-0x02FF; the
 * {@code sealed-box} 0x0201 lives in {@link StandardCodecs}).
 */
public final class HybridCodecs {

    /**
     * The key ciphertext Enc(M) is written as two plain points rather than a nested {@code ciphertext}:
     * neither component may be infinity (check H.1 of the blob, enforced by {@code ClaimableBlob.group()}),
     * so the wire form cannot carry a blob that could never be opened. The payload has the same limit as a
     * sealed box.
     */
    public static final Codec<ClaimableBlob> CLAIMABLE_BLOB = Codec
            .builder(ClaimableBlob.class, 0x0202, "claimable-blob")
            .point("keyAlpha", b -> b.encryptedKeyPoint().alpha())
            .point("keyBeta", b -> b.encryptedKeyPoint().beta())
            .fixedBytes("nonce", AesGcm.NONCE_BYTES, ClaimableBlob::nonce)
            .bytes("ciphertext", StandardCodecs.MAX_SEALED_BOX_BYTES, ClaimableBlob::ciphertext)
            .build(f -> new ClaimableBlob(new Ciphertext(f.point("keyAlpha"), f.point("keyBeta")), f.bytes("nonce"),
                    f.bytes("ciphertext")));

    private HybridCodecs() {
    }

    static List<Codec<?>> all() {
        return List.of(CLAIMABLE_BLOB);
    }
}

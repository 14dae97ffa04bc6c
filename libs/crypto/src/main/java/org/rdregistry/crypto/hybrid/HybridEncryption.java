package org.rdregistry.crypto.hybrid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;

/**
 * ECIES-style hybrid encryption on the registry's curve (spec §7.3): ephemeral e, E = eG, shared
 * point S = e·PK; key = HKDF-SHA256(ikm = enc(S), salt = "rdregistry/v1/kem", info = label || enc(E)
 * || enc(PK)); AES-256-GCM with a random nonce and the caller's associated data.
 *
 * <p>The recipient computes S = sk·E. {@link #openWithSharedPoint} lets a third party open a box when
 * the recipient has revealed S with a DLEQ proof (used by key-ceremony complaints).
 */
public final class HybridEncryption {

    private static final byte[] SALT = "rdregistry/v1/kem".getBytes(StandardCharsets.UTF_8);

    private HybridEncryption() {
    }

    /** Encrypts {@code plaintext} to {@code recipient}, binding {@code aad} and a purpose {@code label}. */
    public static SealedBox seal(PublicKey recipient, String label, byte[] plaintext, byte[] aad) {
        return sealWithEphemeral(recipient, label, plaintext, aad, recipient.group().randomScalar());
    }

    /**
     * As {@link #seal} with a caller-chosen ephemeral secret e, for protocols that must prove knowledge
     * of e (the key ceremony does). e must be fresh from {@code GroupContext.randomScalar()} and never
     * reused.
     */
    public static SealedBox sealWithEphemeral(PublicKey recipient, String label, byte[] plaintext, byte[] aad,
                                              java.math.BigInteger e) {
        GroupContext group = recipient.group();
        ECPoint ephemeral = group.multiplyG(e);
        ECPoint shared = group.multiplySecret(recipient.point(), e).normalize();
        byte[] key = deriveKey(group, label, shared, ephemeral, recipient.point());
        byte[] nonce = new byte[AesGcm.NONCE_BYTES];
        group.random().nextBytes(nonce);
        try {
            return new SealedBox(ephemeral, nonce, AesGcm.encrypt(key, nonce, plaintext, aad));
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /** Opens a box with the recipient's key pair. */
    public static byte[] open(KeyPair recipient, String label, SealedBox box, byte[] aad) {
        GroupContext group = recipient.group();
        ECPoint e = group.requireOnCurve(box.ephemeral(), false); // check H.1
        ECPoint shared = group.multiplySecret(e, recipient.secret()).normalize();
        return openWithSharedPoint(recipient.publicKey(), label, shared, box, aad);
    }

    /** The KEM shared point S = sk·E, which a recipient may reveal (with a DLEQ proof) to prove a complaint. */
    public static ECPoint sharedPoint(KeyPair recipient, SealedBox box) {
        ECPoint e = recipient.group().requireOnCurve(box.ephemeral(), false);
        return recipient.group().multiplySecret(e, recipient.secret()).normalize();
    }

    /** Opens a box given the shared point S instead of the secret key. */
    public static byte[] openWithSharedPoint(PublicKey recipient, String label, ECPoint shared, SealedBox box, byte[] aad) {
        GroupContext group = recipient.group();
        group.requireOnCurve(shared, false);
        group.requireOnCurve(box.ephemeral(), false); // check H.1: a box may come from anywhere
        byte[] key = deriveKey(group, label, shared, box.ephemeral(), recipient.point());
        try {
            return AesGcm.decrypt(key, box.nonce(), box.ciphertext(), aad);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    static byte[] deriveKey(GroupContext group, String label, ECPoint shared, ECPoint ephemeral, ECPoint recipient) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(encodeLabel(label));
        info.writeBytes(group.encodePoint(ephemeral));
        info.writeBytes(group.encodePoint(recipient));
        return Hkdf.sha256(group.encodePoint(shared), SALT, info.toByteArray(), AesGcm.KEY_BYTES);
    }

    /**
     * The label as it enters a KDF info string: a 2-byte big-endian length and the UTF-8 bytes
     * (lab() of spec §7). Check H.3: at most 65535 bytes, so the prefix is unambiguous.
     */
    static byte[] encodeLabel(String label) {
        Objects.requireNonNull(label, "label");
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        if (l.length > 0xFFFF) {
            throw new IllegalArgumentException("label longer than 65535 bytes (check H.3)");
        }
        byte[] out = new byte[2 + l.length];
        out[0] = (byte) (l.length >>> 8);
        out[1] = (byte) l.length;
        System.arraycopy(l, 0, out, 2, l.length);
        return out;
    }
}

package org.rdregistry.crypto.hybrid;

import java.util.Arrays;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;

/**
 * A hybrid ciphertext (spec §7.3): the KEM's ephemeral point E = eG, the GCM nonce, and the AES-GCM
 * ciphertext with its tag.
 */
public record SealedBox(ECPoint ephemeral, byte[] nonce, byte[] ciphertext) {

    public SealedBox {
        Objects.requireNonNull(ephemeral, "ephemeral");
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
        if (nonce.length != AesGcm.NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be 12 bytes (check H.3)");
        }
        if (ciphertext.length < AesGcm.TAG_BITS / 8) {
            throw new IllegalArgumentException("ciphertext shorter than the tag (check H.3)");
        }
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedBox s && ephemeral.equals(s.ephemeral) && Arrays.equals(nonce, s.nonce)
                && Arrays.equals(ciphertext, s.ciphertext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "SealedBox[" + ciphertext.length + " bytes]";
    }
}

package org.rdregistry.trustee;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.rdregistry.crypto.elgamal.PublicKey;

/**
 * Lower-case hex SHA-256 fingerprints, for humans to compare keys and files out of band. A public key's
 * fingerprint is that of its 33-byte encoding, the same value {@code registry registry-key fetch}
 * prints for the registry key.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String of(PublicKey key) {
        return of(key.encoded());
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

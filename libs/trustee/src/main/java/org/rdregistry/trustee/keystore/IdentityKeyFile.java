package org.rdregistry.trustee.keystore;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.trustee.AtomicFiles;
import org.rdregistry.trustee.Fingerprints;

/**
 * A trustee's identity key pair at rest, in the same passphrase-encrypted container as share files
 * ({@link SealedFile}), format {@value #FORMAT}. Public header fields: {@code curve} and
 * {@code publicKeyFingerprint}. Encrypted payload: {@code u8 1 ‖ 32-byte secret ‖ Wire bytes of the
 * public key}; on reading, the secret must match the public key.
 */
public final class IdentityKeyFile {

    public static final String FORMAT = "rdregistry-trustee-identity";

    static final String FAILURE = "wrong passphrase or corrupted identity file";
    static final String KEY_FAILURE = "wrong passphrase or corrupted key file";
    private static final byte PAYLOAD_VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdentityKeyFile() {
    }

    /** Writes the key pair to a new file (0600, never overwritten). */
    public static void write(Path path, KeyPair identity, char[] passphrase) throws IOException {
        write(path, identity, passphrase, ScryptParams.DEFAULT);
    }

    public static KeyPair read(Path path, char[] passphrase) throws IOException {
        return read(path, passphrase, ScryptParams.DEFAULT.n());
    }

    /**
     * Writes a key pair of another purpose (for example a patient's or an expert's key) in the same
     * container under its own {@code format}, so that a key file of one purpose is never read as another.
     */
    public static void write(Path path, KeyPair key, char[] passphrase, String format) throws IOException {
        write(path, key, passphrase, ScryptParams.DEFAULT, requireOtherFormat(format));
    }

    /** Reads a key pair written by {@link #write(Path, KeyPair, char[], String)} with the same format. */
    public static KeyPair read(Path path, char[] passphrase, String format) throws IOException {
        return read(path, passphrase, ScryptParams.DEFAULT.n(), requireOtherFormat(format), KEY_FAILURE);
    }

    private static String requireOtherFormat(String format) {
        if (format == null || !format.matches("[a-z0-9-]{1,64}") || format.equals(FORMAT)) {
            throw new IllegalArgumentException("a key file format is 1..64 lower-case letters, digits and '-', "
                    + "other than " + FORMAT);
        }
        return format;
    }

    static void write(Path path, KeyPair identity, char[] passphrase, ScryptParams params) throws IOException {
        write(path, identity, passphrase, params, FORMAT);
    }

    private static void write(Path path, KeyPair identity, char[] passphrase, ScryptParams params, String format)
            throws IOException {
        Passphrase.requireStrongEnough(passphrase);
        byte[] pub = Wire.toBytes(identity.publicKey());
        byte[] payload = ByteBuffer.allocate(1 + GroupContext.SCALAR_BYTES + pub.length).put(PAYLOAD_VERSION)
                .put(identity.group().encodeScalar(identity.secret())).put(pub).array();
        try {
            byte[] file = SealedFile.seal(format, publicFields(identity.publicKey()), payload, passphrase, params, RANDOM);
            AtomicFiles.create(path, file, AtomicFiles.OWNER_ONLY);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    static KeyPair read(Path path, char[] passphrase, int minN) throws IOException {
        return read(path, passphrase, minN, FORMAT, FAILURE);
    }

    private static KeyPair read(Path path, char[] passphrase, int minN, String format, String failureText)
            throws IOException {
        String failure = failureText + " " + path;
        SealedFile.Opened opened = SealedFile.open(Files.readAllBytes(path), format, schema(), passphrase, minN, failure);
        byte[] payload = opened.payload();
        try {
            ByteBuffer buf = ByteBuffer.wrap(payload);
            if (payload.length < 1 + GroupContext.SCALAR_BYTES || buf.get() != PAYLOAD_VERSION) {
                throw new KeyFileException(failure + " (unknown payload)");
            }
            byte[] secret = new byte[GroupContext.SCALAR_BYTES];
            buf.get(secret);
            byte[] pub = new byte[buf.remaining()];
            buf.get(pub);
            PublicKey publicKey = Wire.fromBytes(pub, PublicKey.class);
            if (!publicFields(publicKey).equals(opened.publicFields())) {
                throw new KeyFileException(failure + " (header does not match the encrypted key)");
            }
            BigInteger x = publicKey.group().decodeScalar(secret);
            Arrays.fill(secret, (byte) 0);
            KeyPair pair = KeyPair.fromSecret(publicKey.group(), x);
            if (!pair.publicKey().equals(publicKey)) {
                throw new KeyFileException(failure + " (secret does not match the public key)");
            }
            return pair;
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new KeyFileException(failure + " (invalid key)");
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    private static Map<String, Object> publicFields(PublicKey key) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("curve", key.group().name());
        f.put("publicKeyFingerprint", Fingerprints.of(key));
        return f;
    }

    private static Map<String, Class<?>> schema() {
        Map<String, Class<?>> s = new LinkedHashMap<>();
        s.put("curve", String.class);
        s.put("publicKeyFingerprint", String.class);
        return s;
    }
}

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

import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.trustee.AtomicFiles;
import org.rdregistry.trustee.Fingerprints;

/**
 * A trustee's key share at rest: encrypted under a passphrase (scrypt, AES-256-GCM; layout in
 * {@link SealedFile}) in a file with permissions 0600, written atomically and never overwritten.
 *
 * <p>Public header fields (authenticated, readable without the passphrase): {@code trusteeIndex},
 * {@code threshold}, {@code participants} and {@code jointKeyFingerprint} (SHA-256 hex of the joint
 * key's wire bytes). Encrypted payload: {@code u8 1 ‖ u32 index ‖ 32-byte secret x_j ‖ Wire bytes of
 * the JointKey} (threshold, registry key, all verification keys). On reading, the payload must agree
 * with the header and {@code x_j·G = Y_j} (spec check K.12) must hold, or nothing is returned.
 */
public final class TrusteeShareFile {

    /** The {@code format} of share files. */
    public static final String FORMAT = "rdregistry-trustee-share";
    /** Shortest passphrase accepted when writing. */
    public static final int MIN_PASSPHRASE_LENGTH = Passphrase.MIN_LENGTH;

    static final String FAILURE = "wrong passphrase or corrupted share file";
    private static final byte PAYLOAD_VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TrusteeShareFile() {
    }

    /**
     * Writes {@code share} to a new file at {@code path}.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (it is never overwritten)
     * @throws org.rdregistry.trustee.TrusteeException if the passphrase is shorter than {@link #MIN_PASSPHRASE_LENGTH}
     */
    public static void write(Path path, TrusteeKeyShare share, char[] passphrase) throws IOException {
        write(path, share, passphrase, ScryptParams.DEFAULT);
    }

    /** Reads and decrypts a share file written by {@link #write}. */
    public static TrusteeKeyShare read(Path path, char[] passphrase) throws IOException {
        return read(path, passphrase, ScryptParams.DEFAULT.n());
    }

    static void write(Path path, TrusteeKeyShare share, char[] passphrase, ScryptParams params) throws IOException {
        Passphrase.requireStrongEnough(passphrase);
        byte[] jointKey = Wire.toBytes(share.jointKey());
        byte[] payload = ByteBuffer.allocate(1 + 4 + GroupContext.SCALAR_BYTES + jointKey.length)
                .put(PAYLOAD_VERSION).putInt(share.index()).put(share.group().encodeScalar(share.secret()))
                .put(jointKey).array();
        try {
            byte[] file = SealedFile.seal(FORMAT, publicFields(share.index(), share.jointKey(), jointKey), payload,
                    passphrase, params, RANDOM);
            AtomicFiles.create(path, file, AtomicFiles.OWNER_ONLY);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    static TrusteeKeyShare read(Path path, char[] passphrase, int minN) throws IOException {
        String failure = FAILURE + " " + path;
        byte[] file = Files.readAllBytes(path);
        SealedFile.Opened opened = SealedFile.open(file, FORMAT, schema(), passphrase, minN, failure);
        byte[] payload = opened.payload();
        try {
            ByteBuffer buf = ByteBuffer.wrap(payload);
            if (payload.length < 1 + 4 + GroupContext.SCALAR_BYTES || buf.get() != PAYLOAD_VERSION) {
                throw new KeyFileException(failure + " (unknown payload)");
            }
            int index = buf.getInt();
            byte[] secret = new byte[GroupContext.SCALAR_BYTES];
            buf.get(secret);
            byte[] jointKeyBytes = new byte[buf.remaining()];
            buf.get(jointKeyBytes);
            JointKey jointKey = Wire.fromBytes(jointKeyBytes, JointKey.class);
            if (!publicFields(index, jointKey, jointKeyBytes).equals(opened.publicFields())) {
                throw new KeyFileException(failure + " (header does not match the encrypted share)");
            }
            BigInteger x = jointKey.group().decodeScalar(secret);
            Arrays.fill(secret, (byte) 0);
            return new TrusteeKeyShare(index, x, jointKey.threshold(), jointKey.publicKey(), jointKey.verificationKeys());
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            // includes K.12 (x_j·G != Y_j) from the TrusteeKeyShare constructor; the message never holds the secret
            throw new KeyFileException(failure + " (invalid share)");
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    private static Map<String, Object> publicFields(int index, JointKey key, byte[] jointKeyBytes) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("trusteeIndex", index);
        f.put("threshold", key.threshold());
        f.put("participants", key.participants());
        f.put("jointKeyFingerprint", Fingerprints.of(jointKeyBytes));
        return f;
    }

    private static Map<String, Class<?>> schema() {
        Map<String, Class<?>> s = new LinkedHashMap<>();
        s.put("trusteeIndex", Integer.class);
        s.put("threshold", Integer.class);
        s.put("participants", Integer.class);
        s.put("jointKeyFingerprint", String.class);
        return s;
    }
}

package org.rdregistry.hospital.pseudonym;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 32-byte secret that keys pseudonyms, content digests and record ids. All hospitals of a
 * registry network share it (so that one patient seen at two hospitals gets one pseudonym); the
 * registry operator never has it. It is never printed: {@link #toString()} is redacted and the only
 * thing derived for display is a {@link #fingerprint()}.
 *
 * <p>File format: one line {@code rdregistry-linkage-key-v1:<43 base64url characters>}, created with
 * permissions 600 and never overwritten.
 */
public final class LinkageKey {

    public static final int BYTES = 32;
    static final String FILE_PREFIX = "rdregistry-linkage-key-v1:";
    private static final long MAX_FILE_BYTES = 1024;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] key;

    private LinkageKey(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("a linkage key has " + BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /** A fresh key from {@link SecureRandom}. */
    public static LinkageKey generate() {
        byte[] k = new byte[BYTES];
        new SecureRandom().nextBytes(k);
        try {
            return new LinkageKey(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** A key from its 32 bytes (tests, or keys held in an HSM export). */
    public static LinkageKey of(byte[] key) {
        return new LinkageKey(key);
    }

    /** Generates a key and writes it to a new file (permissions 600 where the file system has them). */
    public static LinkageKey init(Path file) throws IOException {
        LinkageKey key = generate();
        key.writeNew(file);
        return key;
    }

    /**
     * Reads a key file.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a linkage key file (the message never quotes it)
     */
    public static LinkageKey load(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + " is not a linkage key file");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(FILE_PREFIX)) {
            throw new IllegalArgumentException(file + " is not a linkage key file (expected a line starting with "
                    + FILE_PREFIX + ")");
        }
        byte[] k;
        try {
            k = Base64.getUrlDecoder().decode(text.substring(FILE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a linkage key file (bad base64url)");
        }
        if (k.length != BYTES) {
            throw new IllegalArgumentException(file + " is not a linkage key file (expected " + BYTES + " bytes)");
        }
        try {
            return new LinkageKey(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** True if the file's POSIX permissions let group or others read it (false where there are none). */
    public static boolean readableByOthers(Path file) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return false;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    }

    /**
     * Writes the key to a file that must not exist yet: an existing key is never replaced, since every
     * pseudonym depends on it. Nothing is left behind if writing fails.
     */
    public void writeNew(Path file) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        byte[] line = (FILE_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            out.write(line);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        } finally {
            Arrays.fill(line, (byte) 0);
        }
        if (posix) {
            // createFile's mode is filtered by the umask only downwards; set it explicitly anyway
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    /** HMAC-SHA256 of a message under this key. */
    public byte[] hmac(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** HMAC-SHA256 of a UTF-8 string under this key, base64url without padding. */
    public String hmacBase64Url(String message) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(message.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A short public identifier of the key, so that hospitals can confirm they hold the same key without
     * revealing it: the first 16 characters of base64url(HMAC(key, "rd-linkage-key-fingerprint-v1")).
     */
    public String fingerprint() {
        return hmacBase64Url("rd-linkage-key-fingerprint-v1").substring(0, 16);
    }

    @Override
    public String toString() {
        return "LinkageKey[<redacted>]";
    }
}

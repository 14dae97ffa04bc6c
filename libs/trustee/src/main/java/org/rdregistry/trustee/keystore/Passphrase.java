package org.rdregistry.trustee.keystore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;

import org.rdregistry.trustee.TrusteeException;

/**
 * Where a trustee's passphrase comes from: a file (its first line) or the environment variable
 * {@value #ENV}; never a command-line argument, which other users of the machine can see in the process
 * list. Returned as a {@code char[]} that the caller wipes ({@link #wipe}) when done.
 */
public final class Passphrase {

    /** Environment variable read when no passphrase file is given. */
    public static final String ENV = "REGISTRY_TRUSTEE_PASSPHRASE";
    /** Shortest passphrase accepted for new key files. */
    public static final int MIN_LENGTH = 12;
    private static final int MAX_FILE_BYTES = 4096;

    private Passphrase() {
    }

    /**
     * The passphrase from {@code file} if given, else from {@value #ENV} (looked up with {@code env}).
     *
     * @throws TrusteeException if neither is available or the passphrase is empty
     */
    public static char[] resolve(Path file, Function<String, String> env) throws IOException {
        if (file != null) {
            return fromFile(file);
        }
        String value = env.apply(ENV);
        if (value == null) {
            throw new TrusteeException("no passphrase: give --passphrase-file FILE or set " + ENV);
        }
        return requireNonEmpty(stripLineEnd(value.toCharArray()), ENV);
    }

    /** The first line of a UTF-8 file, without its line terminator. */
    public static char[] fromFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            if (bytes.length > MAX_FILE_BYTES) {
                throw new TrusteeException("passphrase file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            CharBuffer chars;
            try {
                chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                throw new TrusteeException("passphrase file " + file + " is not UTF-8 text");
            }
            char[] all = new char[chars.remaining()];
            chars.get(all);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            int end = 0;
            while (end < all.length && all[end] != '\n' && all[end] != '\r') {
                end++;
            }
            char[] line = Arrays.copyOf(all, end);
            wipe(all);
            return requireNonEmpty(line, "passphrase file " + file);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Whether users other than the owner may read the file (POSIX; false elsewhere). */
    public static boolean readableByOthers(Path file) throws IOException {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** Overwrites the characters. */
    public static void wipe(char[] passphrase) {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
    }

    static void requireStrongEnough(char[] passphrase) {
        if (passphrase == null || passphrase.length < MIN_LENGTH) {
            throw new TrusteeException("the passphrase must have at least " + MIN_LENGTH + " characters");
        }
    }

    private static char[] stripLineEnd(char[] value) {
        int end = value.length;
        while (end > 0 && (value[end - 1] == '\n' || value[end - 1] == '\r')) {
            end--;
        }
        if (end == value.length) {
            return value;
        }
        char[] out = Arrays.copyOf(value, end);
        wipe(value);
        return out;
    }

    private static char[] requireNonEmpty(char[] value, String source) {
        if (value.length == 0) {
            throw new TrusteeException("the passphrase from " + source + " is empty");
        }
        return value;
    }
}

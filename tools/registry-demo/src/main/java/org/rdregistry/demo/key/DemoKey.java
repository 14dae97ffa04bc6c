package org.rdregistry.demo.key;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Set;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.crypto.wire.WireFormatException;
import org.rdregistry.demo.CliException;

/**
 * The TEST-ONLY / DEMO registry key: one ElGamal key pair on P-256 whose public half stands in for the
 * trustees' joint key until the key ceremony exists, and whose secret ("dealer" secret) lets the demo
 * tools decrypt aggregates. Whoever holds the secret file can decrypt every record encrypted to the key,
 * which is exactly what the threshold design prevents; never use it for real patients.
 *
 * <p>Files in the key directory:
 * <ul>
 *   <li>{@value #PUBLIC_FILE}: the public key in wire JSON ({@code Wire.toJson}), the format intake and
 *       crypto-compute read with {@code registry.key-file};</li>
 *   <li>{@value #SECRET_FILE}: the secret scalar as lower-case hex (64 digits) and a newline, permissions 600.</li>
 * </ul>
 */
public final class DemoKey {

    public static final String PUBLIC_FILE = "registry-key.json";
    public static final String SECRET_FILE = "demo-dealer.secret";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DemoKey() {
    }

    /**
     * Generates a key pair and writes both files. Refuses if either file exists (a replaced key would make
     * every aggregate encrypted so far undecryptable); leaves nothing behind if writing fails.
     */
    public static KeyPair create(Path dir) throws IOException {
        Path publicFile = dir.resolve(PUBLIC_FILE);
        Path secretFile = dir.resolve(SECRET_FILE);
        for (Path p : new Path[] {publicFile, secretFile}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
        }
        Files.createDirectories(dir);
        KeyPair key = KeyPair.generate(GroupContext.p256());
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        byte[] secret = (hex(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        boolean secretCreated = false;
        boolean publicCreated = false;
        try {
            if (posix) {
                Files.createFile(secretFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(secretFile);
            }
            secretCreated = true;
            try (OutputStream out = Files.newOutputStream(secretFile, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                out.write(secret);
            }
            if (posix) {
                // the creation mode is only narrowed by the umask; make it explicit anyway
                Files.setPosixFilePermissions(secretFile, OWNER_ONLY);
            }
            Files.createFile(publicFile);
            publicCreated = true;
            Files.writeString(publicFile, Wire.toJson(key.publicKey()) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            if (publicCreated) {
                Files.deleteIfExists(publicFile);
            }
            if (secretCreated) {
                Files.deleteIfExists(secretFile);
            }
            throw e;
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
        return key;
    }

    /** Reads the public key only (what the load generator encrypts to). */
    public static PublicKey loadPublic(Path dir) throws IOException {
        Path file = dir.resolve(PUBLIC_FILE);
        try {
            return Wire.fromJson(Files.readString(file, StandardCharsets.UTF_8).strip(), PublicKey.class);
        } catch (WireFormatException e) {
            throw new CliException(file + " does not hold a public key in wire JSON: " + e.getMessage());
        }
    }

    /**
     * Reads the key pair and checks that the secret belongs to the public key next to it.
     *
     * @throws CliException if a file is malformed or the two do not match (the message never quotes the secret)
     */
    public static KeyPair load(Path dir) throws IOException {
        PublicKey publicKey = loadPublic(dir);
        Path file = dir.resolve(SECRET_FILE);
        if (Files.size(file) > 1024) {
            throw new CliException(file + " is not a demo dealer secret");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!text.matches("[0-9a-fA-F]{1,128}")) {
            throw new CliException(file + " is not a demo dealer secret (expected one line of hex digits)");
        }
        KeyPair pair;
        try {
            pair = KeyPair.fromSecret(publicKey.group(), new BigInteger(text, 16));
        } catch (IllegalArgumentException e) {
            throw new CliException(file + " is not a demo dealer secret (out of range)");
        }
        if (!pair.publicKey().equals(publicKey)) {
            throw new CliException(file + " does not belong to " + dir.resolve(PUBLIC_FILE));
        }
        return pair;
    }

    /** The SHA-256 fingerprint of the public key's encoding, hex (as the hospital client prints it). */
    public static String fingerprint(PublicKey key) {
        return org.rdregistry.hospital.http.RegistryInfo.fingerprint(key);
    }

    private static String hex(KeyPair key) {
        return HexFormat.of().formatHex(key.group().encodeScalar(key.secret()));
    }
}

package org.rdregistry.trustee.identity;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.trustee.AtomicFiles;
import org.rdregistry.trustee.TrusteeException;
import org.rdregistry.trustee.keystore.IdentityKeyFile;

/**
 * A trustee's long-term identity: a key pair on P-256 whose public key is registered in the ceremony
 * configuration before a ceremony, and whose secret signs every message the trustee posts
 * ({@link IdentitySignature}). Kept in a directory:
 *
 * <ul>
 *   <li>{@value #SECRET_FILE}: the key pair, encrypted under the trustee's passphrase (0600);</li>
 *   <li>{@value #PUBLIC_FILE}: the public key in wire JSON, to hand to whoever writes the configuration.</li>
 * </ul>
 */
public final class TrusteeIdentity {

    public static final String SECRET_FILE = "identity.key.json";
    public static final String PUBLIC_FILE = "identity.pub.json";

    private TrusteeIdentity() {
    }

    /**
     * Creates a new identity in {@code dir} (created with permissions 0700 if missing).
     *
     * @throws FileAlreadyExistsException if the directory already holds an identity
     */
    public static PublicKey create(Path dir, char[] passphrase) throws IOException {
        Path secret = dir.resolve(SECRET_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        for (Path p : new Path[] {secret, pub}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
        }
        AtomicFiles.createPrivateDirectory(dir);
        KeyPair identity = KeyPair.generate(GroupContext.p256());
        IdentityKeyFile.write(secret, identity, passphrase);
        writePublic(pub, identity.publicKey());
        return identity.publicKey();
    }

    /**
     * Loads the identity key pair from {@code dir}; if the directory also holds {@value #PUBLIC_FILE}, it
     * must be the same key (a swapped public file would make the trustee register the wrong key).
     */
    public static KeyPair load(Path dir, char[] passphrase) throws IOException {
        Path secret = dir.resolve(SECRET_FILE);
        if (!Files.isRegularFile(secret)) {
            throw new TrusteeException("no identity in " + dir + " (create one with 'registry trustee identity')");
        }
        KeyPair identity = IdentityKeyFile.read(secret, passphrase);
        Path pub = dir.resolve(PUBLIC_FILE);
        if (Files.isRegularFile(pub) && !readPublic(pub).equals(identity.publicKey())) {
            throw new TrusteeException(pub + " does not hold the public key of " + secret);
        }
        return identity;
    }

    public static void writePublic(Path file, PublicKey key) throws IOException {
        AtomicFiles.create(file, (Wire.toJson(key) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                AtomicFiles.PUBLIC);
    }

    /** Reads a public identity key file (wire JSON of a PublicKey). */
    public static PublicKey readPublic(Path file) throws IOException {
        try {
            return Wire.fromJson(Files.readString(file).strip(), PublicKey.class);
        } catch (IllegalArgumentException e) {
            throw new TrusteeException(file + " is not a public key file (wire JSON of a public key): " + e.getMessage());
        }
    }
}

package org.rdregistry.hospital.consult;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.trustee.TrusteeException;
import org.rdregistry.trustee.keystore.IdentityKeyFile;

/**
 * A patient's or an expert's ElGamal key pair (P-256) at rest: the trustees' passphrase-encrypted
 * container (libs/trustee: scrypt N = 2^15, r = 8, p = 1, then AES-256-GCM over the key, every header
 * byte authenticated), format {@value #FORMAT}, permissions 0600, written atomically and never
 * overwritten. The file's public header holds the curve and the public key's fingerprint only.
 *
 * <p>The patient's key receives the scores and the opinion; the expert's key receives the scores and the
 * history key after a claim. Losing the patient key means the opinion can never be read.
 */
public final class ConsultKeyFile {

    /** The container's {@code format}: distinct from a trustee identity, so neither is read as the other. */
    public static final String FORMAT = "rdregistry-consult-key";

    private ConsultKeyFile() {
    }

    /**
     * Generates a new key pair and writes it to {@code path}.
     *
     * @throws FileAlreadyExistsException if the file exists (it is left untouched)
     * @throws TrusteeException if the passphrase is shorter than 12 characters
     */
    public static KeyPair create(Path path, char[] passphrase) throws IOException {
        if (Files.exists(path)) {
            throw new FileAlreadyExistsException(path.toString());
        }
        KeyPair key = KeyPair.generate(GroupContext.p256());
        IdentityKeyFile.write(path, key, passphrase, FORMAT);
        return key;
    }

    /**
     * Reads and decrypts a key file.
     *
     * @throws TrusteeException (a {@code KeyFileException}) on a wrong passphrase or a changed file; the
     *     two cannot be told apart
     */
    public static KeyPair read(Path path, char[] passphrase) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new TrusteeException("no key file " + path + " (create one with 'keygen --key " + path + "')");
        }
        return IdentityKeyFile.read(path, passphrase, FORMAT);
    }
}

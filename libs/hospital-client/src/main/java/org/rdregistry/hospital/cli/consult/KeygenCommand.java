package org.rdregistry.hospital.cli.consult;

import java.io.IOException;
import java.io.PrintWriter;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.trustee.Fingerprints;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code registry consult keygen} and {@code registry expert keygen}: a new key pair in a new key file. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Creates your key pair (P-256) in a new file, encrypted under a passphrase (scrypt, AES-256-GCM), "
                + "permissions 600. Never overwrites a file. Keep it: scores and opinions sent to this key can be "
                + "read with it only.")
final class KeygenCommand extends ConsultBase {

    @Mixin
    KeyOptions key;

    @Override
    int run() throws IOException {
        KeyPair created = key.create(err());
        PrintWriter out = out();
        out.println("key created: " + key.key + " (secret, encrypted under the passphrase, permissions 600)");
        out.println("public key fingerprint (SHA-256): " + Fingerprints.of(created.publicKey()));
        out.flush();
        return OK;
    }
}

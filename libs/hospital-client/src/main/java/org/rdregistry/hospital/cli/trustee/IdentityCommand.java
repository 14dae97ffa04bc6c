package org.rdregistry.hospital.cli.trustee;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.hospital.cli.RegistryCli;
import org.rdregistry.trustee.Fingerprints;
import org.rdregistry.trustee.identity.TrusteeIdentity;
import org.rdregistry.trustee.keystore.Passphrase;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry trustee identity}: creates a trustee's identity key pair. */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = "Creates this trustee's identity key pair (P-256), which signs every ceremony message: DIR/"
                + TrusteeIdentity.SECRET_FILE + " (encrypted under the passphrase, permissions 600) and DIR/"
                + TrusteeIdentity.PUBLIC_FILE + " (give it to whoever writes ceremony.json, and compare the printed "
                + "fingerprint in person). Never overwrites an existing identity.")
final class IdentityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Identity directory (created 700)")
    Path dir;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        char[] secret = passphrase.read(spec.commandLine().getErr());
        try {
            PublicKey key = TrusteeIdentity.create(dir, secret);
            out.println("identity created: " + dir.resolve(TrusteeIdentity.SECRET_FILE) + " (secret, encrypted), "
                    + dir.resolve(TrusteeIdentity.PUBLIC_FILE) + " (public)");
            out.println("identity fingerprint (SHA-256): " + Fingerprints.of(key));
            out.flush();
            return RegistryCli.OK;
        } finally {
            Passphrase.wipe(secret);
        }
    }
}

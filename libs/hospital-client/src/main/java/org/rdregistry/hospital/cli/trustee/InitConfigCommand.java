package org.rdregistry.hospital.cli.trustee;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.hospital.cli.CliException;
import org.rdregistry.hospital.cli.RegistryCli;
import org.rdregistry.trustee.Fingerprints;
import org.rdregistry.trustee.ceremony.CeremonyConfig;
import org.rdregistry.trustee.identity.TrusteeIdentity;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry trustee init-config}: writes ceremony.json from the trustees' public identity files. */
@Command(name = "init-config", mixinStandardHelpOptions = true,
        description = "Writes a ceremony configuration (ceremony.json) from the trustees' " + TrusteeIdentity.PUBLIC_FILE
                + " files: the first --identity is trustee 1, the second trustee 2, and so on (n = their number). "
                + "Every trustee checks the printed configuration fingerprint before the ceremony.")
final class InitConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--ceremony-id", required = true, paramLabel = "ID",
            description = "A new, never reused id: letters, digits, '.', '_', '-' (e.g. registry-2026-01)")
    String ceremonyId;

    @Option(names = "--threshold", defaultValue = "2", paramLabel = "T",
            description = "How many trustees are needed to decrypt (default: ${DEFAULT-VALUE})")
    int threshold;

    @Option(names = "--curve", defaultValue = GroupContext.P256, paramLabel = "CURVE",
            description = "P-256 or secp256k1 (default: ${DEFAULT-VALUE})")
    String curve;

    @Option(names = "--identity", required = true, paramLabel = "FILE",
            description = "A trustee's " + TrusteeIdentity.PUBLIC_FILE + ", once per trustee, in index order")
    List<Path> identities;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Configuration file to create")
    Path out;

    @Override
    public Integer call() throws IOException {
        GroupContext group;
        try {
            group = GroupContext.forName(curve);
        } catch (IllegalArgumentException e) {
            throw new CliException("unknown curve '" + curve + "' (use P-256 or secp256k1)");
        }
        List<PublicKey> keys = new ArrayList<>();
        for (Path p : identities) {
            keys.add(TrusteeIdentity.readPublic(p));
        }
        if (threshold < 1 || threshold > keys.size()) {
            throw new CliException("--threshold must be between 1 and the number of trustees (" + keys.size() + ")");
        }
        CeremonyConfig config = new CeremonyConfig(ceremonyId, group, threshold, keys);
        config.write(out);
        PrintWriter o = spec.commandLine().getOut();
        o.println("ceremony configuration written to " + out + ": ceremony " + ceremonyId + ", " + threshold + "-of-"
                + keys.size() + " on " + group.name());
        for (int i = 1; i <= keys.size(); i++) {
            o.println("  trustee " + i + ": identity fingerprint " + Fingerprints.of(keys.get(i - 1)) + " ("
                    + identities.get(i - 1) + ")");
        }
        o.println("configuration fingerprint (SHA-256): " + config.fingerprint());
        o.flush();
        return RegistryCli.OK;
    }
}

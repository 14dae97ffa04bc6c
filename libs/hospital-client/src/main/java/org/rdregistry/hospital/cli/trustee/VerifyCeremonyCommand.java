package org.rdregistry.hospital.cli.trustee;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.keyceremony.ComplaintVerdict;
import org.rdregistry.crypto.keyceremony.DealerFault;
import org.rdregistry.crypto.keyceremony.KeyCeremonyResult;
import org.rdregistry.crypto.proof.VerificationResult;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.hospital.cli.CliException;
import org.rdregistry.hospital.cli.RegistryCli;
import org.rdregistry.trustee.Fingerprints;
import org.rdregistry.trustee.ceremony.CeremonyConfig;
import org.rdregistry.trustee.ceremony.PublishedCeremony;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry trustee verify-ceremony}: re-checks a published ceremony from public data alone. */
@Command(name = "verify-ceremony", mixinStandardHelpOptions = true,
        description = "Re-checks a published ceremony-result.json from public data alone: recomputes every complaint "
                + "verdict, the qualified dealers, the registry key and the trustees' verification keys from the "
                + "transcript and compares them with what it announces. Prints VALID and a summary (exit 0) or "
                + "INVALID and the failed check (exit 1).")
final class VerifyCeremonyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--result", required = true, paramLabel = "FILE", description = "ceremony-result.json")
    Path result;

    @Option(names = "--registry-key", paramLabel = "FILE",
            description = "Also check that this registry-key.json is the key the ceremony produced")
    Path registryKey;

    @Override
    public Integer call() throws IOException {
        PublishedCeremony published;
        try {
            published = PublishedCeremony.read(result);
        } catch (org.rdregistry.trustee.TrusteeException e) {
            throw new CliException("INVALID: " + e.getMessage());
        }
        VerificationResult verdict = published.verify();
        if (!verdict.valid()) {
            throw new CliException("INVALID: check " + verdict.check() + ": " + verdict.reason());
        }
        if (registryKey != null) {
            PublicKey key;
            try {
                key = Wire.fromJson(Files.readString(registryKey).strip(), PublicKey.class);
            } catch (IllegalArgumentException e) {
                throw new CliException(registryKey + " is not a registry key file (wire JSON of a public key)");
            }
            if (!key.equals(published.registryKey())) {
                throw new CliException("INVALID: " + registryKey + " is not the registry key this ceremony produced");
            }
        }
        CeremonyConfig config = published.config();
        KeyCeremonyResult r = published.result();
        PrintWriter o = spec.commandLine().getOut();
        o.println("VALID: ceremony " + config.ceremonyId() + ", " + config.threshold() + "-of-" + config.participants()
                + " on " + config.group().name() + "; participants " + r.participants() + ", qualified dealers "
                + r.qualified());
        for (ComplaintVerdict v : r.verdicts()) {
            o.println("  complaint by trustee " + v.complainerIndex() + " against trustee " + v.dealerIndex() + ": "
                    + (v.upheld() ? "upheld" : "rejected") + " (check " + v.check() + ": " + v.reason() + ")");
        }
        for (DealerFault f : r.faults()) {
            o.println("  trustee " + f.dealerIndex() + " excluded as a dealer (check " + f.check() + ": " + f.reason() + ")");
        }
        o.println("registry key fingerprint (SHA-256): " + Fingerprints.of(published.registryKey())
                + (registryKey == null ? "" : " (matches " + registryKey + ")"));
        o.println("configuration fingerprint (SHA-256): " + config.fingerprint());
        o.flush();
        return RegistryCli.OK;
    }
}

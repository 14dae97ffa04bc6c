package org.rdregistry.demo.key;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.demo.DemoCli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry-demo demo-key --dir D}. Prints where the files are and the key's fingerprint, never the secret. */
@Command(name = "demo-key", mixinStandardHelpOptions = true,
        description = {"TEST-ONLY / DEMO registry key, until the trustees' key ceremony exists.",
                "Generates one P-256 ElGamal key pair and writes D/" + DemoKey.PUBLIC_FILE + " (the public key in "
                        + "wire JSON, for intake's and crypto-compute's registry.key-file) and D/" + DemoKey.SECRET_FILE
                        + " (the secret scalar in hex, permissions 600), which the demo tools use to decrypt aggregates.",
                "Whoever holds the secret file can decrypt every record encrypted to this key: never use it for real "
                        + "patients. Existing files are never overwritten."})
public final class DemoKeyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory for the two key files (created if missing)")
    Path dir;

    @Override
    public Integer call() throws IOException {
        KeyPair key = DemoKey.create(dir);
        PrintWriter out = spec.commandLine().getOut();
        out.println("TEST-ONLY demo registry key written:");
        out.println("  public key  " + dir.resolve(DemoKey.PUBLIC_FILE) + "  (registry.key-file of intake and crypto-compute)");
        out.println("  secret      " + dir.resolve(DemoKey.SECRET_FILE) + "  (permissions 600; decrypts everything - demo only)");
        out.println("  fingerprint " + DemoKey.fingerprint(key.publicKey()));
        out.flush();
        return DemoCli.OK;
    }
}

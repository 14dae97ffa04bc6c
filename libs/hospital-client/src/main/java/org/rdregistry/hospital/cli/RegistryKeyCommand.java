package org.rdregistry.hospital.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.hospital.http.RegistryClient;
import org.rdregistry.hospital.http.RegistryInfo;
import org.rdregistry.hospital.http.RetryPolicy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry registry-key fetch}: the public key records are encrypted to. */
@Command(name = "registry-key", mixinStandardHelpOptions = true,
        description = "The registry's public key, which records are encrypted to.",
        subcommands = RegistryKeyCommand.Fetch.class)
final class RegistryKeyCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetches the registry key, prints its SHA-256 fingerprint (compare it with the one the "
                    + "trustees publish) and optionally saves it for 'submit --registry-key-file'.")
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "Base URL of the registry")
        URI url;

        @Option(names = "--allow-http", description = "Allow plain http:// to a host other than localhost")
        boolean allowHttp;

        @Option(names = "--out", paramLabel = "FILE", description = "Save the key (wire JSON) to this file")
        Path out;

        @Override
        public Integer call() throws IOException {
            ConnectionOptions.checkUrl(url, allowHttp);
            RegistryInfo info = new RegistryClient(url, () -> {
                throw new IllegalStateException("no token needed");
            }, RetryPolicy.defaults()).fetchRegistry();
            if (out != null) {
                Files.writeString(out, Wire.toJson(info.registryKey()) + "\n", StandardCharsets.UTF_8);
            }
            spec.commandLine().getOut().println("schema version " + info.schemaVersion()
                    + ", registry key fingerprint (SHA-256): " + RegistryInfo.fingerprint(info.registryKey())
                    + (out == null ? "" : ", saved to " + out));
            spec.commandLine().getOut().flush();
            return RegistryCli.OK;
        }
    }
}

package org.rdregistry.hospital.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rdregistry.hospital.pseudonym.LinkageKey;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry linkage-key init|fingerprint}. The key itself is never printed. */
@Command(name = "linkage-key", mixinStandardHelpOptions = true,
        description = "Creates or identifies the linkage key (the secret all hospitals of the network share to "
                + "compute the same pseudonym for the same patient; the registry operator never has it).",
        subcommands = {LinkageKeyCommand.Init.class, LinkageKeyCommand.Fingerprint.class})
final class LinkageKeyCommand {

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Creates a new random 32-byte linkage key in a new file (permissions 600). "
                    + "An existing file is never overwritten. Create it once per network and copy it to the other "
                    + "hospitals over a secure channel.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to create")
        Path out;

        @Override
        public Integer call() throws IOException {
            LinkageKey key = LinkageKey.init(out);
            spec.commandLine().getOut().println("linkage key written to " + out + " (fingerprint " + key.fingerprint()
                    + "); keep it secret, never give it to the registry operator");
            spec.commandLine().getOut().flush();
            return RegistryCli.OK;
        }
    }

    @Command(name = "fingerprint", mixinStandardHelpOptions = true,
            description = "Prints the key's fingerprint, so that hospitals can check they share the same key "
                    + "without showing it.")
    static final class Fingerprint implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Linkage key file")
        Path key;

        @Override
        public Integer call() throws IOException {
            spec.commandLine().getOut().println(LinkageKeys.load(key, spec.commandLine().getErr()).fingerprint());
            spec.commandLine().getOut().flush();
            return RegistryCli.OK;
        }
    }
}

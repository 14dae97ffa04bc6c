package org.rdregistry.hospital.cli.trustee;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;

import org.rdregistry.trustee.keystore.Passphrase;

import picocli.CommandLine.Option;

/**
 * The passphrase of a trustee's key files: from a file (its first line) or the environment variable
 * {@value Passphrase#ENV}; deliberately never from an argument, which other users can see in the
 * process list.
 */
final class PassphraseOptions {

    /** Where the environment comes from (tests replace it). */
    static Function<String, String> environment = System::getenv;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "File whose first line is the passphrase (otherwise the environment variable "
                    + Passphrase.ENV + " is used). At least " + Passphrase.MIN_LENGTH + " characters for new keys.")
    Path file;

    /** The passphrase; the caller wipes it. Warns if the file is readable by other users. */
    char[] read(PrintWriter err) throws IOException {
        char[] passphrase = Passphrase.resolve(file, environment);
        if (file != null && Passphrase.readableByOthers(file)) {
            err.println("warning: the passphrase file " + file + " is readable by other users (chmod 600 it)");
            err.flush();
        }
        return passphrase;
    }
}

package org.rdregistry.hospital.cli.consult;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.hospital.cli.CliException;
import org.rdregistry.hospital.consult.ConsultKeyFile;
import org.rdregistry.trustee.keystore.Passphrase;

import picocli.CommandLine.Option;

/**
 * A patient's or expert's key file and its passphrase. The passphrase comes from a file (its first
 * line), else the environment variable {@value #ENV}, else the terminal (asked without echo); never
 * from an argument, which other users can see in the process list.
 */
final class KeyOptions {

    /** Environment variable read when no passphrase file is given. */
    static final String ENV = "REGISTRY_CONSULT_PASSPHRASE";

    /** Where the environment comes from (tests replace it). */
    static Function<String, String> environment = System::getenv;
    /** Asks the terminal without echo; null without a terminal (tests replace it). */
    static Function<String, char[]> terminal = prompt -> {
        Console console = System.console();
        return console == null ? null : console.readPassword("%s", prompt);
    };

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "Your key file (created by 'keygen'; passphrase-encrypted)")
    Path key;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "File whose first line is the key file's passphrase (otherwise the environment variable "
                    + ENV + ", otherwise the terminal asks). At least " + Passphrase.MIN_LENGTH
                    + " characters for new keys.")
    Path passphraseFile;

    /** Reads and decrypts the key file. */
    KeyPair load(PrintWriter err) throws IOException {
        char[] secret = passphrase(err, false);
        try {
            return ConsultKeyFile.read(key, secret);
        } finally {
            Passphrase.wipe(secret);
        }
    }

    /** Creates a new key file. */
    KeyPair create(PrintWriter err) throws IOException {
        char[] secret = passphrase(err, true);
        try {
            return ConsultKeyFile.create(key, secret);
        } finally {
            Passphrase.wipe(secret);
        }
    }

    private char[] passphrase(PrintWriter err, boolean newKey) throws IOException {
        if (passphraseFile != null) {
            char[] p = Passphrase.fromFile(passphraseFile);
            if (Passphrase.readableByOthers(passphraseFile)) {
                err.println("warning: the passphrase file " + passphraseFile + " is readable by other users (chmod 600 it)");
                err.flush();
            }
            return p;
        }
        String value = environment.apply(ENV);
        if (value != null) {
            int end = value.length();
            while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
                end--;
            }
            if (end == 0) {
                throw new CliException("the passphrase in " + ENV + " is empty");
            }
            return value.substring(0, end).toCharArray();
        }
        char[] first = terminal.apply(newKey ? "Passphrase for the new key " + key + " (at least " + Passphrase.MIN_LENGTH
                + " characters): " : "Passphrase of " + key + ": ");
        if (first == null) {
            throw new CliException("no passphrase: give --passphrase-file FILE, set " + ENV + ", or run in a terminal");
        }
        if (newKey) {
            char[] again = terminal.apply("The same passphrase again: ");
            boolean same = again != null && Arrays.equals(first, again);
            Passphrase.wipe(again);
            if (!same) {
                Passphrase.wipe(first);
                throw new CliException("the two passphrases differ; nothing written");
            }
        }
        if (first.length == 0) {
            throw new CliException("the passphrase is empty");
        }
        return first;
    }
}

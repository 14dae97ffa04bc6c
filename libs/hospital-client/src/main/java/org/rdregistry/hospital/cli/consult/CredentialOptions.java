package org.rdregistry.hospital.cli.consult;

import java.nio.file.Path;

import org.rdregistry.hospital.cli.CliException;
import org.rdregistry.hospital.consult.CredentialFile;

import picocli.CommandLine.Option;

/** Where a consultation's access credential is kept: --credential-file, or next to the patient's key. */
final class CredentialOptions {

    @Option(names = "--credential-file", paramLabel = "FILE",
            description = "The consultation's credential file (default: consultation-<ID>.credential next to --key)")
    Path file;

    Path resolve(Path keyFile, String consultationId) {
        if (file != null) {
            return file;
        }
        if (keyFile == null) {
            throw new CliException("give --credential-file FILE, or --key FILE (the credential was saved next to it)");
        }
        return CredentialFile.besideKey(keyFile, consultationId);
    }
}

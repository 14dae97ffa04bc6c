package org.rdregistry.hospital.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.hospital.pseudonym.LinkageKey;

/** Loads the linkage key file for a command, warning if other users can read it. */
final class LinkageKeys {

    private LinkageKeys() {
    }

    static LinkageKey load(Path file, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no linkage key file " + file + " (create one with 'registry linkage-key init')");
        }
        LinkageKey key = LinkageKey.load(file);
        if (LinkageKey.readableByOthers(file)) {
            err.println("warning: the linkage key file " + file + " is readable by other users (chmod 600 it)");
            err.flush();
        }
        return key;
    }
}

package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.trustee.AtomicFiles;
import org.rdregistry.trustee.keystore.TrusteeShareFile;

/**
 * The files a trustee's ceremony run leaves in its output directory (created 0700 if missing); none is
 * ever overwritten:
 *
 * <ul>
 *   <li>{@code trustee-<i>.share.json}: the secret share, encrypted under the passphrase (0600);</li>
 *   <li>{@value #RESULT_FILE}: the public record ({@link PublishedCeremony}), identical for every trustee;</li>
 *   <li>{@value #REGISTRY_KEY_FILE}: the registry public key alone, wire JSON, the file intake and
 *       crypto-compute read from {@code registry.key-file}; identical for every trustee.</li>
 * </ul>
 */
public final class CeremonyOutputs {

    public static final String RESULT_FILE = "ceremony-result.json";
    public static final String REGISTRY_KEY_FILE = "registry-key.json";

    private CeremonyOutputs() {
    }

    public static Path shareFile(Path outDir, int index) {
        return outDir.resolve("trustee-" + index + ".share.json");
    }

    /** Creates the directory if needed and refuses to start if an output file already exists. */
    public static void prepare(Path outDir, int index) throws IOException {
        AtomicFiles.createPrivateDirectory(outDir);
        for (Path p : files(outDir, index)) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
        }
    }

    /** Writes the share (first), then the public files. */
    public static void write(Path outDir, CeremonyOutcome outcome, char[] passphrase) throws IOException {
        prepare(outDir, outcome.index());
        TrusteeShareFile.write(shareFile(outDir, outcome.index()), outcome.share(), passphrase);
        AtomicFiles.create(outDir.resolve(RESULT_FILE), outcome.resultDocument(), AtomicFiles.PUBLIC);
        AtomicFiles.create(outDir.resolve(REGISTRY_KEY_FILE), registryKeyJson(outcome.registryKey()), AtomicFiles.PUBLIC);
    }

    /** The registry key file's content: the key's wire JSON and a newline. */
    public static byte[] registryKeyJson(PublicKey key) {
        return (Wire.toJson(key) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<Path> files(Path outDir, int index) {
        return List.of(shareFile(outDir, index), outDir.resolve(RESULT_FILE), outDir.resolve(REGISTRY_KEY_FILE));
    }
}

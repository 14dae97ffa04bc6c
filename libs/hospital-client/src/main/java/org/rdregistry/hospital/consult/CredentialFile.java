package org.rdregistry.hospital.consult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.rdregistry.trustee.AtomicFiles;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consultation's access credential on the patient's disk: a small JSON file (permissions 0600,
 * written atomically, never overwritten) holding the consultation id and the credential, which the
 * service shows only once. By default it lies next to the patient's key file as
 * {@code consultation-<id>.credential}; it is deleted when the consultation is acknowledged or withdrawn.
 */
public final class CredentialFile {

    public static final String FORMAT = "rdregistry-consult-credential";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CredentialFile() {
    }

    /** The default location: {@code consultation-<id>.credential} in the key file's directory. */
    public static Path besideKey(Path keyFile, String consultationId) {
        Path dir = keyFile.toAbsolutePath().getParent();
        return dir.resolve("consultation-" + consultationId + ".credential");
    }

    /**
     * Checks, before submitting, that the credential can be saved there: the file does not exist and its
     * directory is writable (after submitting, the credential could not be asked for again).
     */
    public static void checkWritable(Path file) {
        if (Files.exists(file)) {
            throw new ConsultationException(file + " already exists (it is never overwritten)");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new ConsultationException("cannot write the credential file into " + dir);
        }
    }

    public static void write(Path file, String consultationId, String credential) throws IOException {
        Map<String, String> content = new LinkedHashMap<>();
        content.put("format", FORMAT);
        content.put("consultationId", consultationId);
        content.put("accessCredential", credential);
        byte[] bytes = (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.create(file, bytes, AtomicFiles.OWNER_ONLY);
    }

    /** The credential of {@code consultationId} from {@code file}. */
    public static String read(Path file, String consultationId) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConsultationException("no credential file " + file + " (written by 'consult submit'; give "
                    + "--credential-file or the --key it was saved next to)");
        }
        if (Files.size(file) > 4096) {
            throw new ConsultationException(file + " is not a credential file");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new ConsultationException(file + " is not a credential file");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(text(root, "format")) || text(root, "accessCredential") == null) {
            throw new ConsultationException(file + " is not a credential file");
        }
        if (!consultationId.equals(text(root, "consultationId"))) {
            throw new ConsultationException(file + " holds the credential of consultation " + text(root, "consultationId")
                    + ", not " + consultationId);
        }
        return text(root, "accessCredential");
    }

    /** Deletes the file (after a purge the credential opens nothing). */
    public static boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v != null && v.isString() ? v.stringValue() : null;
    }
}

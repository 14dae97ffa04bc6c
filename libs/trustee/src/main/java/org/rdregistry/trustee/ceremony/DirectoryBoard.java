package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.rdregistry.trustee.AtomicFiles;

/**
 * A board that is a directory shared by the trustees (a network share, a synchronised folder, or
 * folders whose new files the trustees copy to each other between rounds). Each message is one file,
 * written atomically (temporary file, then published under its final name; see {@link AtomicFiles}) and
 * never changed afterwards, named {@code r<round>-<round name>-from-<sender>-to-<recipient|all>-<digest>.json}
 * ({@link SignedMessage#fileName()}), so the trustees can see at a glance who has posted what. Other
 * files (temporary files starting with '.', anything else) are ignored.
 */
public final class DirectoryBoard implements CeremonyBoard {

    static final Pattern MESSAGE_FILE = Pattern.compile("r[1-9]-[a-z]+-from-[0-9]{1,4}-to-(all|[0-9]{1,4})-[0-9a-f]{16}\\.json");

    private final Path dir;
    private final Map<String, Entry> seen = new TreeMap<>();

    /** A board in {@code dir}, created if missing. */
    public DirectoryBoard(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void post(SignedMessage message) throws IOException {
        byte[] bytes = message.toBytes();
        Path target = dir.resolve(message.fileName());
        try {
            AtomicFiles.create(target, bytes, AtomicFiles.PUBLIC);
        } catch (FileAlreadyExistsException e) {
            if (!Arrays.equals(Files.readAllBytes(target), bytes)) {
                throw new IOException("the board already holds a different file named " + target.getFileName());
            }
        }
    }

    @Override
    public synchronized List<Entry> readAll() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (seen.containsKey(name) || !MESSAGE_FILE.matcher(name).matches()) {
                    continue;
                }
                byte[] content = readBounded(file);
                if (content != null) {
                    seen.put(name, new Entry(name, content));
                }
            }
        }
        return new ArrayList<>(seen.values());
    }

    /** The file's content, at most {@link SignedMessage#MAX_BYTES} + 1 bytes (more is rejected by the parser). */
    private static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SignedMessage.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "DirectoryBoard[" + dir + "]";
    }
}

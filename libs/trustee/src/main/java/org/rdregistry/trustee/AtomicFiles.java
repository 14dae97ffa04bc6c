package org.rdregistry.trustee;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see either nothing or the complete content, never a partial file:
 * the content goes to a hidden temporary file in the same directory (created with permissions 0600),
 * is forced to disk, and is then published under its name by a hard link, which fails if the name
 * already exists (no file is ever overwritten), or, where the file system has no hard links, by an
 * atomic rename after checking that the name is free.
 */
public final class AtomicFiles {

    /** rw------- : key files, share files. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** rw-r--r-- : public outputs (the ceremony result, the registry key, board messages). */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /**
     * Creates {@code target} with {@code content} and {@code permissions} (POSIX file systems).
     *
     * @throws FileAlreadyExistsException if {@code target} exists (it is left untouched)
     */
    public static void create(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temp = createTemp(dir, target.getFileName().toString());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            setPermissions(temp, permissions);
            publish(temp, target);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates a directory (and its parents) with permissions 0700 if it does not exist yet. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        String prefix = "." + name + ".";
        try {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createTempFile(dir, prefix, ".tmp", attr);
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, prefix, ".tmp");
        }
    }

    private static void setPermissions(Path file, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's defaults apply
        }
    }

    private static void publish(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return;
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links here (some network and FAT file systems): rename instead
        }
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: not every platform can sync a directory
        }
    }
}

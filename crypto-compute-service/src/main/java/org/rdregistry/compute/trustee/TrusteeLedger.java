package org.rdregistry.compute.trustee;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.TrusteeMessage;

/**
 * What a trustee must remember across restarts, in one small JSON file written atomically (temporary
 * file, fsync, atomic rename) <em>before</em> the trustee publishes what it records:
 * <ul>
 *   <li>its noise contributions by release id (ciphertexts and proofs, public once published; never
 *       the noise values or their randomness), so that it adds noise to a (cohort, position) for one
 *       release only and can answer a repeated request with the same contribution;</li>
 *   <li>the (cohort, position) states it decrypted, with the release id and a digest of the noise set,
 *       so that each aggregate state is decrypted at most once.</li>
 * </ul>
 * No secrets, no plaintext. Thread-safe.
 */
public final class TrusteeLedger {

    /** One noise contribution of this trustee. */
    public record NoiseEntry(String releaseId, String cohort, Map<Integer, Long> position, NoiseParameters parameters,
                             List<Ciphertext> noise, List<SchnorrProof> proofs) {
        public NoiseEntry {
            Objects.requireNonNull(releaseId, "releaseId");
            Objects.requireNonNull(cohort, "cohort");
            Objects.requireNonNull(parameters, "parameters");
            position = Map.copyOf(position);
            noise = List.copyOf(noise);
            proofs = List.copyOf(proofs);
        }

        TrusteeMessage.NoiseContribution contribution(int trustee) {
            return new TrusteeMessage.NoiseContribution(releaseId, trustee, noise, proofs);
        }
    }

    /** One aggregate state this trustee helped decrypt. */
    public record ReleasedEntry(String cohort, Map<Integer, Long> position, String releaseId, String noiseSetDigest) {
        public ReleasedEntry {
            Objects.requireNonNull(cohort, "cohort");
            Objects.requireNonNull(releaseId, "releaseId");
            Objects.requireNonNull(noiseSetDigest, "noiseSetDigest");
            position = Map.copyOf(position);
        }
    }

    /** The file's content. */
    record Content(int version, int trustee, List<NoiseEntry> noise, List<ReleasedEntry> released) {
        Content {
            noise = List.copyOf(noise);
            released = List.copyOf(released);
        }
    }

    private static final int VERSION = 1;

    private final Path file;
    private final int trustee;
    private final List<NoiseEntry> noise = new ArrayList<>();
    private final List<ReleasedEntry> released = new ArrayList<>();

    private TrusteeLedger(Path file, int trustee) {
        this.file = file;
        this.trustee = trustee;
    }

    /**
     * Opens the ledger of trustee {@code trustee} at {@code file}, empty if the file does not exist.
     *
     * @throws IllegalStateException if the file exists but cannot be read, is not a ledger, or is
     *     another trustee's: the trustee must not start and forget what it already did
     */
    public static TrusteeLedger open(Path file, int trustee) {
        TrusteeLedger ledger = new TrusteeLedger(file.toAbsolutePath(), trustee);
        if (Files.exists(file)) {
            Content content;
            try {
                content = RegistryJson.mapper().readValue(Files.readAllBytes(file), Content.class);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("trustee ledger " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + "); refusing to start without it", e);
            }
            if (content.version() != VERSION || content.trustee() != trustee) {
                throw new IllegalStateException("trustee ledger " + file + " is version " + content.version()
                        + " of trustee " + content.trustee() + ", not version " + VERSION + " of trustee " + trustee);
            }
            ledger.noise.addAll(content.noise());
            ledger.released.addAll(content.released());
        }
        return ledger;
    }

    public Path file() {
        return file;
    }

    /** This trustee's contribution to {@code releaseId}, if it made one. */
    public synchronized Optional<NoiseEntry> noiseFor(String releaseId) {
        return noise.stream().filter(e -> e.releaseId().equals(releaseId)).findFirst();
    }

    /** The release this trustee added noise to at (cohort, position), if any. */
    public synchronized Optional<NoiseEntry> noiseAt(String cohort, Map<Integer, Long> position) {
        return noise.stream().filter(e -> e.cohort().equals(cohort) && e.position().equals(position)).findFirst();
    }

    /** The decryption this trustee took part in at (cohort, position), if any. */
    public synchronized Optional<ReleasedEntry> releasedAt(String cohort, Map<Integer, Long> position) {
        return released.stream().filter(e -> e.cohort().equals(cohort) && e.position().equals(position)).findFirst();
    }

    /** Records a noise contribution, durably, before it is published. */
    public synchronized void recordNoise(NoiseEntry entry) throws IOException {
        if (noiseFor(entry.releaseId()).isPresent()) {
            throw new IllegalStateException("release " + entry.releaseId() + " already has this trustee's noise");
        }
        noise.add(entry);
        try {
            write();
        } catch (IOException | RuntimeException e) {
            noise.remove(noise.size() - 1);
            throw e;
        }
    }

    /** Records a decryption, durably, before its shares are published. */
    public synchronized void recordReleased(ReleasedEntry entry) throws IOException {
        if (releasedAt(entry.cohort(), entry.position()).isPresent()) {
            throw new IllegalStateException("cohort state already decrypted");
        }
        released.add(entry);
        try {
            write();
        } catch (IOException | RuntimeException e) {
            released.remove(released.size() - 1);
            throw e;
        }
    }

    /** A digest that identifies a noise set regardless of its order. */
    public static String digest(List<TrusteeMessage.NoiseContribution> set) {
        List<TrusteeMessage.NoiseContribution> sorted = set.stream()
                .sorted(Comparator.comparingInt(TrusteeMessage.NoiseContribution::trustee)).toList();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (TrusteeMessage.NoiseContribution c : sorted) {
                sha.update(RegistryJson.mapper().writeValueAsBytes(c));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write() throws IOException {
        byte[] bytes = RegistryJson.mapper().writeValueAsBytes(new Content(VERSION, trustee, noise, released));
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the ledger's file system cannot rename atomically: " + dir, e);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);   // the rename itself survives a power loss
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename is still atomic
        }
    }
}

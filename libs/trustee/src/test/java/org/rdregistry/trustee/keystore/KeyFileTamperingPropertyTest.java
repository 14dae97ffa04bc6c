package org.rdregistry.trustee.keystore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Property: any change of any byte (not just one bit) of a share file or an identity file is rejected. */
class KeyFileTamperingPropertyTest {

    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    static final ScryptParams CHEAP = new ScryptParams(1 << 4, 8, 1);

    static Path dir;
    static byte[] shareFile;
    static byte[] identityFile;

    @BeforeContainer
    static void write() throws IOException {
        dir = Files.createTempDirectory("share-tampering");
        GroupContext group = GroupContext.p256();
        Path s = dir.resolve("share.json");
        TrusteeShareFile.write(s, TestOnlyTrustedDealer.deal(group, 2, 3).shares().get(0), PASSPHRASE, CHEAP);
        shareFile = Files.readAllBytes(s);
        Path i = dir.resolve("identity.json");
        IdentityKeyFile.write(i, org.rdregistry.crypto.elgamal.KeyPair.generate(group), PASSPHRASE, CHEAP);
        identityFile = Files.readAllBytes(i);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 50)
    void anyChangeOfAShareFileIsRejected(@ForAll @IntRange(min = 0, max = 1 << 20) int position,
                                         @ForAll @IntRange(min = 1, max = 255) int mask) throws IOException {
        Path f = mutate(shareFile, position, mask);
        assertThatThrownBy(() -> TrusteeShareFile.read(f, PASSPHRASE, CHEAP.n()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("wrong passphrase or corrupted share file");
    }

    @Property(tries = 30)
    void anyChangeOfAnIdentityFileIsRejected(@ForAll @IntRange(min = 0, max = 1 << 20) int position,
                                             @ForAll @IntRange(min = 1, max = 255) int mask) throws IOException {
        Path f = mutate(identityFile, position, mask);
        assertThatThrownBy(() -> IdentityKeyFile.read(f, PASSPHRASE, CHEAP.n()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("wrong passphrase or corrupted identity file");
    }

    private static Path mutate(byte[] original, int position, int mask) throws IOException {
        byte[] mutated = original.clone();
        mutated[position % mutated.length] ^= (byte) mask;
        Path f = Files.createTempFile(dir, "mutated", ".json");
        Files.write(f, mutated);
        return f;
    }
}

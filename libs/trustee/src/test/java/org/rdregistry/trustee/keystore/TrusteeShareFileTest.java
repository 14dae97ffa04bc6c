package org.rdregistry.trustee.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.trustee.TrusteeException;

/**
 * Share files: round trip, wrong passphrase, tampering (every byte of a file, with cheap scrypt
 * parameters so that hundreds of attempts stay fast; a sample with the default parameters through the
 * public API), permissions, no overwrite, and the secret never in the file or in toString.
 */
class TrusteeShareFileTest {

    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    static final ScryptParams CHEAP = new ScryptParams(1 << 4, 8, 1);
    static final GroupContext GROUP = GroupContext.p256();

    static TrusteeKeyShare share;
    static byte[] cheapFile;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void deal() throws IOException {
        share = TestOnlyTrustedDealer.deal(GROUP, 2, 3).shares().get(1);
        Path f = shared.resolve("cheap.share.json");
        TrusteeShareFile.write(f, share, PASSPHRASE, CHEAP);
        cheapFile = Files.readAllBytes(f);
    }

    @Test
    void roundTripGivesBackTheSameShare() throws IOException {
        Path f = dir.resolve("trustee-2.share.json");
        TrusteeShareFile.write(f, share, PASSPHRASE);
        TrusteeKeyShare back = TrusteeShareFile.read(f, PASSPHRASE.clone());
        assertThat(back.index()).isEqualTo(2);
        assertThat(back.secret()).isEqualTo(share.secret());
        assertThat(back.jointKey()).isEqualTo(share.jointKey());
        assertThat(back).isEqualTo(share);
        String json = Files.readString(f);
        assertThat(json).contains("\"format\":\"rdregistry-trustee-share\"", "\"name\":\"scrypt\"", "\"n\":32768",
                "\"r\":8", "\"p\":1", "\"name\":\"AES-256-GCM\"", "\"trusteeIndex\":2", "\"threshold\":2",
                "\"participants\":3");
    }

    @Test
    void wrongPassphraseIsRefusedWithAClearMessage() throws IOException {
        Path f = dir.resolve("s.json");
        TrusteeShareFile.write(f, share, PASSPHRASE);
        assertThatThrownBy(() -> TrusteeShareFile.read(f, "correct horse battery stapler".toCharArray()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("wrong passphrase or corrupted share file")
                .hasMessageNotContaining("stapler");
    }

    @Test
    void everySingleBitFlipOfEveryByteIsRejected() throws IOException {
        Path f = dir.resolve("flipped.json");
        for (int pos = 0; pos < cheapFile.length; pos++) {
            byte[] mutated = cheapFile.clone();
            mutated[pos] ^= 0x01;
            Files.write(f, mutated);
            int at = pos;
            assertThatThrownBy(() -> TrusteeShareFile.read(f, PASSPHRASE, CHEAP.n()))
                    .as("flip at byte %d", at)
                    .isInstanceOf(KeyFileException.class)
                    .hasMessageContaining("wrong passphrase or corrupted share file");
        }
    }

    @Test
    void theUntouchedCheapFileStillReads() throws IOException {
        Path f = dir.resolve("cheap.json");
        Files.write(f, cheapFile);
        assertThat(TrusteeShareFile.read(f, PASSPHRASE, CHEAP.n())).isEqualTo(share);
    }

    @Test
    void truncatedOrExtendedFilesAreRejected() throws IOException {
        Path f = dir.resolve("t.json");
        for (int len : new int[] {0, 1, cheapFile.length / 2, cheapFile.length - 1}) {
            Files.write(f, java.util.Arrays.copyOf(cheapFile, len));
            assertThatThrownBy(() -> TrusteeShareFile.read(f, PASSPHRASE, CHEAP.n())).isInstanceOf(KeyFileException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(cheapFile, cheapFile.length + 2);
        longer[cheapFile.length] = '{';
        longer[cheapFile.length + 1] = '}';
        Files.write(f, longer);
        assertThatThrownBy(() -> TrusteeShareFile.read(f, PASSPHRASE, CHEAP.n())).isInstanceOf(KeyFileException.class);
    }

    @Test
    void aReformattedButEquivalentCopyIsRefused() throws IOException {
        Path f = dir.resolve("pretty.json");
        Files.write(f, org.rdregistry.trustee.StrictJson.write(org.rdregistry.trustee.StrictJson.parseObject(cheapFile)));
        assertThat(Files.readAllBytes(f)).isNotEqualTo(cheapFile);
        assertThatThrownBy(() -> TrusteeShareFile.read(f, PASSPHRASE, CHEAP.n()))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("canonical layout");
    }

    @Test
    void theDefaultReaderRefusesWeakScryptParameters() throws IOException {
        Path f = dir.resolve("weak.json");
        Files.write(f, cheapFile);
        assertThatThrownBy(() -> TrusteeShareFile.read(f, PASSPHRASE))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("wrong passphrase or corrupted share file")
                .hasMessageContaining("scrypt parameters");
    }

    @Test
    void tamperingWithADefaultFileIsRejected() throws IOException {
        Path f = dir.resolve("d.json");
        TrusteeShareFile.write(f, share, PASSPHRASE);
        String text = Files.readString(f);
        // one representative change in a bound header field, the salt, the nonce and the ciphertext
        String[] mutations = {
            text.replace("\"trusteeIndex\":2", "\"trusteeIndex\":3"),
            replaceCharAfter(text, "\"salt\":\""),
            replaceCharAfter(text, "\"nonce\":\""),
            replaceCharAfter(text, "\"ciphertext\":\"")};
        for (int k = 0; k < mutations.length; k++) {
            assertThat(mutations[k]).isNotEqualTo(text);
            Path m = dir.resolve("m-" + k + ".json");
            Files.writeString(m, mutations[k]);
            assertThatThrownBy(() -> TrusteeShareFile.read(m, PASSPHRASE))
                    .as("mutation %d", k).isInstanceOf(KeyFileException.class)
                    .hasMessageContaining("wrong passphrase or corrupted share file");
        }
    }

    private static String replaceCharAfter(String text, String marker) {
        int at = text.indexOf(marker) + marker.length() + 3;
        char replacement = text.charAt(at) == 'A' ? 'B' : 'A';
        return text.substring(0, at) + replacement + text.substring(at + 1);
    }

    @Test
    void ciphertextOfAnotherFileUnderTheSamePassphraseIsRejected() throws IOException {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        TrusteeShareFile.write(a, share, PASSPHRASE, CHEAP);
        TrusteeShareFile.write(b, TestOnlyTrustedDealer.deal(GROUP, 2, 3).shares().get(1), PASSPHRASE, CHEAP);
        String ca = ciphertextOf(Files.readString(a));
        String cb = ciphertextOf(Files.readString(b));
        Files.writeString(a, Files.readString(a).replace(ca, cb));
        assertThatThrownBy(() -> TrusteeShareFile.read(a, PASSPHRASE, CHEAP.n())).isInstanceOf(KeyFileException.class);
    }

    private static String ciphertextOf(String json) {
        int start = json.indexOf("\"ciphertext\":\"") + "\"ciphertext\":\"".length();
        return json.substring(start, json.indexOf('"', start));
    }

    @Test
    void fileIsOwnerReadableOnlyAndNeverOverwritten() throws IOException {
        Path f = dir.resolve("p.json");
        TrusteeShareFile.write(f, share, PASSPHRASE, CHEAP);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> TrusteeShareFile.write(f, share, PASSPHRASE, CHEAP))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("p.json");   // no temp file left
        }
    }

    @Test
    void theSecretAppearsNeitherInTheFileNorInToString() throws IOException {
        Path f = dir.resolve("s.json");
        TrusteeShareFile.write(f, share, PASSPHRASE);
        byte[] file = Files.readAllBytes(f);
        byte[] secret = GROUP.encodeScalar(share.secret());
        String text = new String(file, StandardCharsets.UTF_8);
        assertThat(indexOf(file, secret)).isEqualTo(-1);
        assertThat(text).doesNotContain(HexFormat.of().formatHex(secret))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .doesNotContain(Base64.getEncoder().encodeToString(secret))
                .doesNotContain(share.secret().toString())
                .doesNotContain(new String(PASSPHRASE));
        TrusteeKeyShare back = TrusteeShareFile.read(f, PASSPHRASE);
        assertThat(back.toString()).doesNotContain(share.secret().toString())
                .doesNotContain(share.secret().toString(16)).contains("redacted");
    }

    @Test
    void shortPassphrasesAreRefusedForNewFiles() {
        assertThatThrownBy(() -> TrusteeShareFile.write(dir.resolve("x.json"), share, "short".toCharArray()))
                .isInstanceOf(TrusteeException.class).hasMessageContaining("at least 12 characters");
        assertThat(dir.resolve("x.json")).doesNotExist();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

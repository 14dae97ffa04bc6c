package org.rdregistry.trustee.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.trustee.TrusteeException;

class PassphraseTest {

    @TempDir
    Path dir;

    @Test
    void theFirstLineOfTheFileWithoutItsTerminator() throws IOException {
        Path f = Files.writeString(dir.resolve("p"), "pass phrase with spaces \r\nsecond line\n");
        assertThat(new String(Passphrase.resolve(f, Map.<String, String>of()::get))).isEqualTo("pass phrase with spaces ");
        Files.writeString(f, "no newline at all ü");
        assertThat(new String(Passphrase.fromFile(f))).isEqualTo("no newline at all ü");
    }

    @Test
    void theFileWinsOverTheEnvironment() throws IOException {
        Path f = Files.writeString(dir.resolve("p"), "from the file\n");
        assertThat(new String(Passphrase.resolve(f, Map.of(Passphrase.ENV, "from the env")::get))).isEqualTo("from the file");
        assertThat(new String(Passphrase.resolve(null, Map.of(Passphrase.ENV, "from the env\n")::get))).isEqualTo("from the env");
    }

    @Test
    void missingEmptyOrBinaryPassphrasesAreRefused() throws IOException {
        assertThatThrownBy(() -> Passphrase.resolve(null, Map.<String, String>of()::get))
                .isInstanceOf(TrusteeException.class).hasMessageContaining("--passphrase-file").hasMessageContaining(Passphrase.ENV);
        Path empty = Files.writeString(dir.resolve("e"), "\n");
        assertThatThrownBy(() -> Passphrase.fromFile(empty)).isInstanceOf(TrusteeException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Passphrase.resolve(null, Map.of(Passphrase.ENV, "")::get)).hasMessageContaining("empty");
        Path binary = Files.write(dir.resolve("b"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        assertThatThrownBy(() -> Passphrase.fromFile(binary)).isInstanceOf(TrusteeException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void permissionsOfOthersAreDetected() throws IOException {
        Path f = Files.writeString(dir.resolve("p"), "x\n");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(Passphrase.readableByOthers(f)).isFalse();
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Passphrase.readableByOthers(f)).isTrue();
    }

    @Test
    void wipeOverwrites() {
        char[] p = "secret".toCharArray();
        Passphrase.wipe(p);
        assertThat(p).containsOnly('\0');
    }
}

package org.rdregistry.hospital.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.trustee.TrusteeException;
import org.rdregistry.trustee.keystore.IdentityKeyFile;
import org.rdregistry.trustee.keystore.KeyFileException;

/** Patient/expert key files: real scrypt and AES-GCM, default parameters. */
class ConsultKeyFileTest {

    static final char[] PASSPHRASE = "a patient passphrase".toCharArray();

    @TempDir
    Path dir;

    @Test
    void roundTripOwnerOnlyAndNoSecretInTheFile() throws IOException {
        Path f = dir.resolve("patient.key");
        KeyPair created = ConsultKeyFile.create(f, PASSPHRASE);
        assertThat(created.group()).isSameAs(GroupContext.p256());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        KeyPair back = ConsultKeyFile.read(f, PASSPHRASE);
        assertThat(back.secret()).isEqualTo(created.secret());
        assertThat(back.publicKey()).isEqualTo(created.publicKey());
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).contains("\"format\":\"" + ConsultKeyFile.FORMAT + "\"")
                .doesNotContain(HexFormat.of().formatHex(created.group().encodeScalar(created.secret())))
                .doesNotContain(created.secret().toString());
        assertThat(Files.list(dir)).containsExactly(f); // no temporary file left behind
    }

    @Test
    void wrongPassphraseIsRefused() throws IOException {
        Path f = dir.resolve("k");
        ConsultKeyFile.create(f, PASSPHRASE);
        assertThatThrownBy(() -> ConsultKeyFile.read(f, "a patient passphrasf".toCharArray()))
                .isInstanceOf(KeyFileException.class)
                .hasMessage("wrong passphrase or corrupted key file " + f);
    }

    @Test
    void tamperedFilesAreRefused() throws IOException {
        Path f = dir.resolve("k");
        ConsultKeyFile.create(f, PASSPHRASE);
        byte[] good = Files.readAllBytes(f);
        String text = new String(good, StandardCharsets.UTF_8);
        int inCiphertext = text.indexOf("\"ciphertext\":\"") + 20;
        int inFingerprint = text.indexOf("\"publicKeyFingerprint\":\"") + 30;
        for (int at : new int[] {inCiphertext, inFingerprint}) {
            byte[] bad = good.clone();
            bad[at] = (byte) (bad[at] == 'a' ? 'b' : 'a');
            Path t = dir.resolve("tampered-" + at);
            Files.write(t, bad);
            assertThatThrownBy(() -> ConsultKeyFile.read(t, PASSPHRASE)).as("byte %d", at)
                    .isInstanceOf(KeyFileException.class)
                    .hasMessageStartingWith("wrong passphrase or corrupted key file");
        }
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> ConsultKeyFile.read(truncated, PASSPHRASE)).isInstanceOf(KeyFileException.class);
    }

    @Test
    void neverOverwritesAndNeverReadsAnotherPurposesFile() throws IOException {
        Path f = dir.resolve("k");
        KeyPair first = ConsultKeyFile.create(f, PASSPHRASE);
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> ConsultKeyFile.create(f, PASSPHRASE)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(ConsultKeyFile.read(f, PASSPHRASE).publicKey()).isEqualTo(first.publicKey());

        Path trustee = dir.resolve("trustee-identity");
        IdentityKeyFile.write(trustee, KeyPair.generate(GroupContext.p256()), PASSPHRASE);
        assertThatThrownBy(() -> ConsultKeyFile.read(trustee, PASSPHRASE)).isInstanceOf(KeyFileException.class);
        assertThatThrownBy(() -> IdentityKeyFile.read(f, PASSPHRASE)).isInstanceOf(KeyFileException.class);
    }

    @Test
    void shortPassphraseAndMissingFile() {
        Path f = dir.resolve("k");
        assertThatThrownBy(() -> ConsultKeyFile.create(f, "short".toCharArray()))
                .isInstanceOf(TrusteeException.class).hasMessageContaining("at least 12 characters");
        assertThat(f).doesNotExist();
        assertThatThrownBy(() -> ConsultKeyFile.read(f, PASSPHRASE))
                .isInstanceOf(TrusteeException.class).hasMessageContaining("no key file");
    }
}

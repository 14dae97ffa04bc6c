package org.rdregistry.demo.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.demo.CliException;
import org.rdregistry.demo.Cli;

class DemoKeyTest {

    @TempDir
    Path tmp;

    @Test
    void writesThePublicKeyAsWireJsonAndTheSecretAsHexReadableOnlyByTheOwner() throws Exception {
        Path dir = tmp.resolve("keys");                      // created by the command
        Cli.Run run = Cli.run("demo-key", "--dir", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();

        Path publicFile = dir.resolve(DemoKey.PUBLIC_FILE);
        Path secretFile = dir.resolve(DemoKey.SECRET_FILE);
        // the format intake and crypto-compute read with registry.key-file
        PublicKey publicKey = Wire.fromJson(Files.readString(publicFile).strip(), PublicKey.class);
        assertThat(publicKey.group()).isSameAs(GroupContext.p256());
        String secretHex = Files.readString(secretFile, StandardCharsets.US_ASCII).strip();
        assertThat(secretHex).matches("[0-9a-f]{64}");
        KeyPair pair = DemoKey.load(dir);
        assertThat(pair.publicKey()).isEqualTo(publicKey);
        assertThat(HexFormat.of().formatHex(GroupContext.p256().encodeScalar(pair.secret()))).isEqualTo(secretHex);

        // it really is the key pair: what is encrypted to the public key decrypts with the secret
        ElGamal elgamal = new ElGamal(GroupContext.p256(), new DiscreteLog(GroupContext.p256(), 256, 1 << 16));
        assertThat(elgamal.decrypt(pair, elgamal.encrypt(publicKey, 42).ciphertext())).isEqualTo(42);

        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");

        // the output says what it is and never shows the secret
        assertThat(run.out()).contains("TEST-ONLY").contains(DemoKey.fingerprint(publicKey)).doesNotContain(secretHex);
    }

    @Test
    void refusesToOverwriteAndLeavesTheExistingKeyAlone() throws Exception {
        DemoKey.create(tmp);
        byte[] publicBefore = Files.readAllBytes(tmp.resolve(DemoKey.PUBLIC_FILE));
        byte[] secretBefore = Files.readAllBytes(tmp.resolve(DemoKey.SECRET_FILE));

        Cli.Run run = Cli.run("demo-key", "--dir", tmp.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("already exists").hasLineCount(1);
        assertThat(Files.readAllBytes(tmp.resolve(DemoKey.PUBLIC_FILE))).isEqualTo(publicBefore);
        assertThat(Files.readAllBytes(tmp.resolve(DemoKey.SECRET_FILE))).isEqualTo(secretBefore);

        // either file alone is enough to refuse, and nothing is created next to it
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve(DemoKey.SECRET_FILE), "x");
        assertThatThrownBy(() -> DemoKey.create(other)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(other.resolve(DemoKey.PUBLIC_FILE)).doesNotExist();
    }

    @Test
    void aSecretThatDoesNotBelongToThePublicKeyIsRefused() throws Exception {
        DemoKey.create(tmp);
        Files.writeString(tmp.resolve(DemoKey.SECRET_FILE), "0a0b0c\n");
        assertThatThrownBy(() -> DemoKey.load(tmp)).isInstanceOf(CliException.class)
                .hasMessageContaining("does not belong").hasMessageNotContaining("0a0b0c");
        Files.writeString(tmp.resolve(DemoKey.SECRET_FILE), "not hex\n");
        assertThatThrownBy(() -> DemoKey.load(tmp)).isInstanceOf(CliException.class).hasMessageContaining("hex");
    }
}

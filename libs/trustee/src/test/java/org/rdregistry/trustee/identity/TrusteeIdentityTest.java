package org.rdregistry.trustee.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.trustee.TrusteeException;
import org.rdregistry.trustee.keystore.KeyFileException;

class TrusteeIdentityTest {

    static final char[] PASSPHRASE = "identity passphrase 1".toCharArray();

    @TempDir
    Path dir;

    @Test
    void createLoadAndPublicFile() throws IOException {
        Path d = dir.resolve("alice");
        PublicKey pub = TrusteeIdentity.create(d, PASSPHRASE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve(TrusteeIdentity.SECRET_FILE))))
                .isEqualTo("rw-------");
        assertThat(pub.group()).isSameAs(GroupContext.p256());
        assertThat(TrusteeIdentity.readPublic(d.resolve(TrusteeIdentity.PUBLIC_FILE))).isEqualTo(pub);
        KeyPair loaded = TrusteeIdentity.load(d, PASSPHRASE);
        assertThat(loaded.publicKey()).isEqualTo(pub);
        assertThatThrownBy(() -> TrusteeIdentity.create(d, PASSPHRASE)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> TrusteeIdentity.load(d, "identity passphrase 2".toCharArray()))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("wrong passphrase or corrupted identity file");
    }

    @Test
    void aSwappedPublicFileIsDetected() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TrusteeIdentity.create(a, PASSPHRASE);
        TrusteeIdentity.create(b, PASSPHRASE);
        Files.copy(b.resolve(TrusteeIdentity.PUBLIC_FILE), a.resolve(TrusteeIdentity.PUBLIC_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> TrusteeIdentity.load(a, PASSPHRASE)).isInstanceOf(TrusteeException.class)
                .hasMessageContaining("does not hold the public key");
    }

    @Test
    void missingIdentityAndGarbagePublicFile() throws IOException {
        assertThatThrownBy(() -> TrusteeIdentity.load(dir.resolve("none"), PASSPHRASE))
                .isInstanceOf(TrusteeException.class).hasMessageContaining("no identity in");
        Path garbage = Files.writeString(dir.resolve("g.json"), "{\"v\":1}");
        assertThatThrownBy(() -> TrusteeIdentity.readPublic(garbage)).isInstanceOf(TrusteeException.class)
                .hasMessageContaining("not a public key file");
    }
}

package org.rdregistry.trustee.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;

class IdentityKeyFileTest {

    static final char[] PASSPHRASE = "an identity passphrase".toCharArray();
    static final ScryptParams CHEAP = new ScryptParams(1 << 4, 8, 1);

    @TempDir
    Path dir;

    @Test
    void roundTripOnBothCurves() throws IOException {
        for (GroupContext group : new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()}) {
            KeyPair identity = KeyPair.generate(group);
            Path f = dir.resolve(group.name() + ".json");
            IdentityKeyFile.write(f, identity, PASSPHRASE, CHEAP);
            KeyPair back = IdentityKeyFile.read(f, PASSPHRASE, CHEAP.n());
            assertThat(back.secret()).isEqualTo(identity.secret());
            assertThat(back.publicKey()).isEqualTo(identity.publicKey());
        }
    }

    @Test
    void defaultParametersWrongPassphraseAndPermissions() throws IOException {
        KeyPair identity = KeyPair.generate(GroupContext.p256());
        Path f = dir.resolve("identity.key.json");
        IdentityKeyFile.write(f, identity, PASSPHRASE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(IdentityKeyFile.read(f, PASSPHRASE).publicKey()).isEqualTo(identity.publicKey());
        assertThatThrownBy(() -> IdentityKeyFile.read(f, "an identity passphrasf".toCharArray()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("wrong passphrase or corrupted identity file");
        byte[] file = Files.readAllBytes(f);
        byte[] secret = identity.group().encodeScalar(identity.secret());
        assertThat(TrusteeShareFileTest.indexOf(file, secret)).isEqualTo(-1);
        assertThat(new String(file, StandardCharsets.UTF_8))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .doesNotContain(HexFormat.of().formatHex(secret))
                .doesNotContain(identity.secret().toString());
    }

    @Test
    void everySingleBitFlipIsRejected() throws IOException {
        Path f = dir.resolve("id.json");
        IdentityKeyFile.write(f, KeyPair.generate(GroupContext.p256()), PASSPHRASE, CHEAP);
        byte[] file = Files.readAllBytes(f);
        Path m = dir.resolve("m.json");
        for (int pos = 0; pos < file.length; pos++) {
            byte[] mutated = file.clone();
            mutated[pos] ^= 0x01;
            Files.write(m, mutated);
            int at = pos;
            assertThatThrownBy(() -> IdentityKeyFile.read(m, PASSPHRASE, CHEAP.n())).as("flip at %d", at)
                    .isInstanceOf(KeyFileException.class);
        }
    }

    @Test
    void aShareFileIsNotAnIdentityFile() throws IOException {
        Path f = dir.resolve("share.json");
        TrusteeShareFile.write(f, org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer
                .deal(GroupContext.p256(), 1, 1).shares().get(0), PASSPHRASE, CHEAP);
        assertThatThrownBy(() -> IdentityKeyFile.read(f, PASSPHRASE, CHEAP.n()))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("format");
    }
}

package org.rdregistry.trustee.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.trustee.TrusteeException;

class CeremonyConfigTest {

    static final TestTrustees T = new TestTrustees("registry-2026", 3, 2);

    @TempDir
    Path dir;

    @Test
    void writeAndReadBack() throws IOException {
        Path f = dir.resolve("ceremony.json");
        T.config.write(f);
        CeremonyConfig back = CeremonyConfig.read(f);
        assertThat(back).isEqualTo(T.config);
        assertThat(back.fingerprint()).isEqualTo(T.config.fingerprint()).hasSize(64);
        assertThat(back.parameters().participants()).isEqualTo(3);
        assertThat(back.parameters().threshold()).isEqualTo(2);
        assertThat(Files.readString(f)).contains("\"ceremonyId\" : \"registry-2026\"", "\"curve\" : \"P-256\"");
    }

    @Test
    void theFingerprintChangesWithEveryField() {
        List<PublicKey> ids = T.config.identities();
        List<PublicKey> swapped = List.of(ids.get(1), ids.get(0), ids.get(2));
        List<PublicKey> replaced = List.of(ids.get(0), ids.get(1), KeyPair.generate(GroupContext.p256()).publicKey());
        Set<String> fingerprints = new HashSet<>(List.of(
                T.config.fingerprint(),
                new CeremonyConfig("registry-2027", GroupContext.p256(), 2, ids).fingerprint(),
                new CeremonyConfig("registry-2026", GroupContext.secp256k1(), 2, ids).fingerprint(),
                new CeremonyConfig("registry-2026", GroupContext.p256(), 3, ids).fingerprint(),
                new CeremonyConfig("registry-2026", GroupContext.p256(), 2, swapped).fingerprint(),
                new CeremonyConfig("registry-2026", GroupContext.p256(), 2, replaced).fingerprint(),
                new CeremonyConfig("registry-2026", GroupContext.p256(), 2, ids.subList(0, 2)).fingerprint()));
        assertThat(fingerprints).hasSize(7);
    }

    @Test
    void invalidConfigurationsAreRefused() {
        List<PublicKey> ids = T.config.identities();
        assertThatThrownBy(() -> new CeremonyConfig("bad id", GroupContext.p256(), 2, ids))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CeremonyConfig("x", GroupContext.p256(), 4, ids))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CeremonyConfig("x", GroupContext.p256(), 2, List.of(ids.get(0), ids.get(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same identity");
    }

    @Test
    void malformedFilesGiveOneClearMessage() throws IOException {
        String good = new String(T.config.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        String[][] cases = {
            {good.replace("\"threshold\" : 2", "\"threshold\" : 4"), "threshold"},
            {good.replace("\"curve\" : \"P-256\"", "\"curve\" : \"P-255\""), "unknown curve"},
            {good.replace("\"index\" : 1", "\"index\" : 2"), "index order"},
            {good.replace("\"participants\" : 3", "\"participants\" : 2"), "trustees"},
            {good.replace("\"ceremonyId\" : \"registry-2026\"", "\"ceremonyId\" : \"../etc\""), "ceremony id"},
            {good.replace("\"version\" : 1", "\"version\" : 1, \"comment\" : \"x\""), "unknown properties"},
            {"{", "well-formed"},
        };
        for (String[] c : cases) {
            Path f = dir.resolve("c.json");
            Files.writeString(f, c[0]);
            assertThatThrownBy(() -> CeremonyConfig.read(f)).as(c[1]).isInstanceOf(TrusteeException.class)
                    .hasMessageStartingWith("ceremony configuration " + f + " is invalid: ")
                    .hasMessageContaining(c[1]);
        }
    }
}

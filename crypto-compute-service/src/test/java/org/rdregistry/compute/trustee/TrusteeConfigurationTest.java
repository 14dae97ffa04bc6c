package org.rdregistry.compute.trustee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdregistry.compute.TestRegistry.DEAL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.compute.registry.RegistryKeyException;
import org.rdregistry.compute.registry.RegistryProperties;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.trustee.keystore.Passphrase;
import org.rdregistry.trustee.keystore.TrusteeShareFile;
import org.springframework.mock.env.MockEnvironment;

/** The trustee's start-up checks: its index, its registry key and its passphrase. */
class TrusteeConfigurationTest {

    final TrusteeConfiguration configuration = new TrusteeConfiguration();

    @TempDir
    Path dir;

    @Test
    void theIndexMustBeSetAndBeTheShares() {
        assertThat(configuration.trusteeIdentity(properties(2, null), DEAL.share(2)).index()).isEqualTo(2);
        assertThatThrownBy(() -> configuration.trusteeIdentity(properties(null, null), DEAL.share(2)))
                .isInstanceOf(TrusteeShareException.class).hasMessageContaining("trustee.index is not set");
        assertThatThrownBy(() -> configuration.trusteeIdentity(properties(1, null), DEAL.share(2)))
                .isInstanceOf(TrusteeShareException.class).hasMessageContaining("share of trustee 2");
    }

    @Test
    void theRegistryKeyIsTheSharesJointKeyAndAConfiguredKeyFileMustAgree() throws Exception {
        assertThat(configuration.registryKey(DEAL.share(1), new RegistryProperties(null)))
                .isEqualTo(DEAL.jointKey().publicKey());
        Path same = Files.writeString(dir.resolve("same.json"), Wire.toJson(DEAL.jointKey().publicKey()));
        assertThat(configuration.registryKey(DEAL.share(1), new RegistryProperties(same)))
                .isEqualTo(DEAL.jointKey().publicKey());
        Path other = Files.writeString(dir.resolve("other.json"),
                Wire.toJson(KeyPair.generate(DEAL.jointKey().group()).publicKey()));
        assertThatThrownBy(() -> configuration.registryKey(DEAL.share(1), new RegistryProperties(other)))
                .isInstanceOf(RegistryKeyException.class).hasMessageContaining("is not the joint key");
    }

    @Test
    void thePassphraseComesFromItsFileElseTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("passphrase"), "correct horse battery staple\n");
        assertThat(TrusteeShareConfiguration.passphrase(properties(1, file), new MockEnvironment()))
                .isEqualTo("correct horse battery staple".toCharArray());
        MockEnvironment env = new MockEnvironment().withProperty(Passphrase.ENV, "from the environment");
        assertThat(TrusteeShareConfiguration.passphrase(properties(1, null), env))
                .isEqualTo("from the environment".toCharArray());
        assertThatThrownBy(() -> TrusteeShareConfiguration.passphrase(properties(1, null), new MockEnvironment()))
                .isInstanceOf(TrusteeShareException.class).hasMessageContaining("no passphrase");
        assertThatThrownBy(() -> TrusteeShareConfiguration.passphrase(properties(1, dir.resolve("absent")),
                new MockEnvironment())).isInstanceOf(TrusteeShareException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void theShareComesFromTheEncryptedShareFile() throws Exception {
        Path share = dir.resolve("share-3.json");
        TrusteeShareFile.write(share, DEAL.share(3), "a long enough passphrase".toCharArray());
        MockEnvironment env = new MockEnvironment().withProperty(Passphrase.ENV, "a long enough passphrase");
        TrusteeKeyShare loaded = new TrusteeShareConfiguration().trusteeKeyShare(properties(3, share, null), env);
        assertThat(loaded.index()).isEqualTo(3);
        assertThat(loaded.secret()).isEqualTo(DEAL.share(3).secret());
        assertThat(loaded.jointKey()).isEqualTo(DEAL.jointKey());

        MockEnvironment wrong = new MockEnvironment().withProperty(Passphrase.ENV, "not the passphrase at all");
        assertThatThrownBy(() -> new TrusteeShareConfiguration().trusteeKeyShare(properties(3, share, null), wrong))
                .isInstanceOf(TrusteeShareException.class).hasMessageContaining("wrong passphrase")
                .hasMessageNotContaining(DEAL.share(3).secret().toString());
        assertThatThrownBy(() -> new TrusteeShareConfiguration().trusteeKeyShare(properties(3, null, null), env))
                .isInstanceOf(TrusteeShareException.class).hasMessageContaining("trustee.share-file is not set");
        assertThatThrownBy(() -> new TrusteeShareConfiguration().trusteeKeyShare(
                properties(3, dir.resolve("absent.json"), null), env))
                .isInstanceOf(TrusteeShareException.class).hasMessageContaining("cannot be read");
    }

    private static TrusteeProperties properties(Integer index, Path passphraseFile) {
        return properties(index, null, passphraseFile);
    }

    private static TrusteeProperties properties(Integer index, Path shareFile, Path passphraseFile) {
        return new TrusteeProperties(index, shareFile, passphraseFile, 64, Duration.ofSeconds(10), 11, false, "1", null,
                null, null);
    }
}

package org.rdregistry.compute.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.compute.TestRegistry;
import org.rdregistry.crypto.wire.Wire;

class RegistryKeysTest {

    @Test
    void readsTheWireJsonPublicKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key.json"), Wire.toJson(TestRegistry.DEALER_KEY.publicKey()) + "\n");
        assertThat(RegistryKeys.read(new RegistryProperties(file)))
                .isEqualTo(TestRegistry.DEALER_KEY.publicKey());
    }

    @Test
    void explainsAMissingOrUnreadableOrInvalidKeyFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> RegistryKeys.read(new RegistryProperties(null)))
                .hasMessageContaining("registry.key-file is not set");
        assertThatThrownBy(() -> RegistryKeys.read(new RegistryProperties(Path.of(""))))
                .hasMessageContaining("registry.key-file is not set");
        assertThatThrownBy(() -> RegistryKeys.read(new RegistryProperties(dir.resolve("absent.json"))))
                .hasMessageContaining("cannot be read");
        Path ciphertext = Files.writeString(dir.resolve("not-a-key.json"), "{\"v\":1}");
        assertThatThrownBy(() -> RegistryKeys.read(new RegistryProperties(ciphertext)))
                .hasMessageContaining("is not a wire JSON public key");
    }
}

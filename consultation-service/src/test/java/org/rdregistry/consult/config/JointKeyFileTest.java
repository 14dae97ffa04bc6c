package org.rdregistry.consult.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.consult.TestConsult;
import org.rdregistry.crypto.wire.Wire;

/** The joint-key file in both forms the project writes, and one clear line for anything else. */
class JointKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheWireJointKeyAndTheCeremonyResultsJointKey() throws IOException {
        String wire = Wire.toJson(TestConsult.DEAL.jointKey());
        Path plain = Files.writeString(dir.resolve("joint-key.json"), wire);
        Path ceremony = Files.writeString(dir.resolve("ceremony-result.json"),
                "{\"ceremony\":\"registry-2026\",\"jointKey\":" + wire + ",\"trustees\":[1,2,3]}");
        assertThat(CryptoConfiguration.readJointKey(plain)).isEqualTo(TestConsult.DEAL.jointKey());
        assertThat(CryptoConfiguration.readJointKey(ceremony)).isEqualTo(TestConsult.DEAL.jointKey());
    }

    @Test
    void anythingElseIsOneClearStartupError() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"something\":1}");
        assertThatThrownBy(() -> CryptoConfiguration.readJointKey(garbage)).isInstanceOf(StartupException.class)
                .hasMessageContaining("consult.joint-key-file").hasMessageContaining("neither");
        assertThatThrownBy(() -> CryptoConfiguration.readJointKey(dir.resolve("missing.json")))
                .isInstanceOf(StartupException.class).hasMessageContaining("cannot be read");
    }
}

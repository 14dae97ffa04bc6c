package org.rdregistry.stats.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.trustee.ceremony.CeremonyBoard;
import org.rdregistry.trustee.ceremony.CeremonyConfig;
import org.rdregistry.trustee.ceremony.CeremonyOutcome;
import org.rdregistry.trustee.ceremony.CeremonyOutputs;
import org.rdregistry.trustee.ceremony.CeremonyRunner;
import org.rdregistry.trustee.ceremony.DirectoryBoard;
import org.rdregistry.trustee.ceremony.PublishedCeremony;

/**
 * stats.joint-key-file accepts what the key ceremony publishes ({@code ceremony-result.json}, joint key
 * under "jointKey") as well as a joint key in wire JSON, and refuses anything else with one clear line.
 * The ceremony is a real one: three trustees over a shared directory, run concurrently in this JVM.
 */
class JointKeyFileTest {

    static final char[] PASSPHRASE = "stats test passphrase".toCharArray();

    @TempDir
    static Path dir;

    static Path ceremonyResult;
    static Path registryKey;
    static PublishedCeremony published;

    @BeforeAll
    static void runCeremony() throws Exception {
        GroupContext group = GroupContext.p256();
        List<KeyPair> identities = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            identities.add(KeyPair.generate(group));
        }
        CeremonyConfig config = new CeremonyConfig("stats-joint-key-test", group, 2,
                identities.stream().map(KeyPair::publicKey).toList());
        CeremonyRunner.Options options = new CeremonyRunner.Options(Duration.ofSeconds(30), Duration.ofMillis(25));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<CeremonyOutcome>> runs = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int index = i;
                runs.add(pool.submit(() -> {
                    try (CeremonyBoard board = new DirectoryBoard(dir.resolve("board"))) {
                        return new CeremonyRunner(config, index, identities.get(index - 1), board, options,
                                CeremonyRunner.Listener.SILENT).run();
                    }
                }));
            }
            CeremonyOutcome first = runs.get(0).get(60, TimeUnit.SECONDS);
            for (Future<CeremonyOutcome> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
            CeremonyOutputs.write(dir.resolve("out"), first, PASSPHRASE);
        } finally {
            pool.shutdownNow();
        }
        ceremonyResult = dir.resolve("out").resolve(CeremonyOutputs.RESULT_FILE);
        registryKey = dir.resolve("out").resolve(CeremonyOutputs.REGISTRY_KEY_FILE);
        published = PublishedCeremony.read(ceremonyResult);
    }

    @Test
    void readsTheCeremonyResultAsTheCeremonyWritesIt() {
        JointKey key = RegistryConfiguration.readJointKey(ceremonyResult);

        assertThat(key).isEqualTo(published.jointKey());
        assertThat(key.threshold()).isEqualTo(2);
        assertThat(key.publicKey()).isEqualTo(published.registryKey());
    }

    @Test
    void readsAJointKeyInWireJson() throws Exception {
        Path file = dir.resolve("joint-key.json");
        Files.writeString(file, Wire.toJson(published.jointKey()) + "\n");

        assertThat(RegistryConfiguration.readJointKey(file)).isEqualTo(published.jointKey());
    }

    @Test
    void refusesOtherFilesWithOneLineNamingTheFile() throws Exception {
        // the registry key alone is not enough: stats needs the trustees' verification keys and t
        assertThatThrownBy(() -> RegistryConfiguration.readJointKey(registryKey))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("stats.joint-key-file " + registryKey + " is neither a key ceremony result");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\":\"rdregistry-key-ceremony-result\",\"jointKey\":{\"v\":1}}");
        assertThatThrownBy(() -> RegistryConfiguration.readJointKey(broken))
                .isInstanceOf(StartupException.class).hasMessageContaining("broken.json is neither");
        Path notJson = dir.resolve("not-json.txt");
        Files.writeString(notJson, "not json");
        assertThatThrownBy(() -> RegistryConfiguration.readJointKey(notJson))
                .isInstanceOf(StartupException.class).hasMessageContaining("not-json.txt is neither");
        assertThatThrownBy(() -> RegistryConfiguration.readJointKey(dir.resolve("missing.json")))
                .isInstanceOf(StartupException.class).hasMessageContaining("cannot be read");
    }
}

package org.rdregistry.testsupport.kafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNode;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined broker/controller KRaft node in this JVM, built with Kafka's own
 * {@link KafkaClusterTestKit} (the engine under spring-kafka-test's
 * {@code EmbeddedKafkaKraftBroker}), from Maven Central artifacts.
 *
 * <p>Unlike the test kit's defaults (and {@code EmbeddedKafkaKraftBroker}), the node is formatted
 * with the <em>production</em> metadata version and feature levels and with unstable APIs off,
 * exactly as {@code kafka-storage format} does for the {@code apache/kafka} image, so the embedded
 * broker offers the same protocol features as the Docker one.
 *
 * <p>The test kit formats the node in a fresh temporary directory ({@code java.io.tmpdir/kafka-*})
 * and deletes it when the broker stops (or at JVM exit).
 */
final class EmbeddedKraftBackend implements BrokerBackend {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKraftBackend.class);

    private final KafkaClusterTestKit cluster;

    private final String bootstrapServers;

    private final List<Path> logDirs;

    EmbeddedKraftBackend(Map<String, String> brokerConfig) {
        neutraliseExit();
        MetadataVersion release = MetadataVersion.latestProduction();
        Map<String, Short> features = Feature.PRODUCTION_FEATURES.stream()
                .collect(Collectors.toMap(Feature::featureName, f -> f.defaultLevel(release), (a, b) -> a,
                        TreeMap::new));
        TestKitNodes nodes = new TestKitNodes.Builder(
                BootstrapMetadata.fromVersions(release, features, "rd-test-support"))
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        brokerConfig.forEach(builder::setConfigProp);
        builder.setConfigProp("unstable.api.versions.enable", "false");
        builder.setConfigProp("unstable.feature.versions.enable", "false");
        KafkaClusterTestKit kit;
        try {
            kit = builder.build();
        }
        catch (Exception e) {
            throw new IllegalStateException("Could not create the embedded Kafka broker", e);
        }
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        }
        catch (Exception e) {
            closeQuietly(kit);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start the embedded Kafka broker", e);
        }
        this.cluster = kit;
        this.bootstrapServers = kit.bootstrapServers();
        this.logDirs = nodes.brokerNodes().values().stream()
                .map(TestKitNode::logDataDirectories)
                .flatMap(dirs -> dirs.stream())
                .map(Path::of)
                .sorted()
                .toList();
        LOG.debug("Embedded Kafka broker: metadata.version {}, features {}, log dirs {}", release, features,
                logDirs);
    }

    /**
     * Kafka calls {@code Exit.exit/halt} on fatal errors; in a test JVM that would kill Surefire's
     * fork. Log instead (as spring-kafka-test does).
     */
    private static void neutraliseExit() {
        Exit.setExitProcedure((status, message) ->
                LOG.error("Kafka called Exit.exit({}, {}); ignored in tests", status, message));
        Exit.setHaltProcedure((status, message) ->
                LOG.error("Kafka called Exit.halt({}, {}); ignored in tests", status, message));
    }

    @Override
    public KafkaTestBroker.Mode mode() {
        return KafkaTestBroker.Mode.EMBEDDED;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public List<Path> logDirs() {
        return logDirs;
    }

    @Override
    public void close() {
        closeQuietly(cluster);
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        try {
            kit.close();
        }
        catch (Exception e) {
            LOG.warn("Stopping the embedded Kafka broker failed", e);
        }
    }
}

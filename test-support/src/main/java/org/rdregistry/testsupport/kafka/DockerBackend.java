package org.rdregistry.testsupport.kafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Testcontainers' {@code apache/kafka} container with the shared single-node settings. */
final class DockerBackend implements BrokerBackend {

    private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);

    private final KafkaContainer container;

    DockerBackend(Map<String, String> brokerConfig, String image) {
        KafkaContainer kafka = newContainer(brokerConfig, image);
        kafka.start();
        this.container = kafka;
    }

    /** The configured, not yet started container (creating it does not contact Docker). */
    static KafkaContainer newContainer(Map<String, String> brokerConfig, String image) {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(image));
        brokerConfig.forEach((key, value) -> kafka.withEnv(BrokerSettings.dockerEnvName(key), value));
        return kafka;
    }

    @Override
    public KafkaTestBroker.Mode mode() {
        return KafkaTestBroker.Mode.DOCKER;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public List<Path> logDirs() {
        return List.of();
    }

    @Override
    public void close() {
        try {
            container.stop();
        }
        catch (RuntimeException e) {
            LOG.warn("Stopping the Kafka container failed", e);
        }
    }
}

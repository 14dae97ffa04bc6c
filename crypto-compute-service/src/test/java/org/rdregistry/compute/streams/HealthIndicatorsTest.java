package org.rdregistry.compute.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

class HealthIndicatorsTest {

    @Test
    void brokerHealthIsUpWhenTheClusterAnswers() throws Exception {
        KafkaBrokerHealthIndicator indicator = new KafkaBrokerHealthIndicator(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.get().bootstrapServers()),
                Duration.ofSeconds(10));
        try {
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("nodes", 1).containsKey("clusterId");
        } finally {
            indicator.destroy();
        }
    }

    @Test
    void brokerHealthIsDownWhenNoBrokerAnswers() throws Exception {
        KafkaBrokerHealthIndicator indicator = new KafkaBrokerHealthIndicator(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + freePort()),
                Duration.ofMillis(500));
        try {
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("error");
        } finally {
            indicator.destroy();
        }
    }

    @Test
    void streamsHealthIsDownBeforeTheStreamsClientExists() {
        Health health = new KafkaStreamsHealthIndicator(new StreamsBuilderFactoryBean()).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("state", "NOT_CREATED");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package org.rdregistry.compute.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Health "kafkaStreams": UP while the Streams client is RUNNING or REBALANCING (a rebalance is a
 * normal, short pause), DOWN otherwise (not started yet, shutting down, or stopped by an error).
 */
@Component("kafkaStreamsHealthIndicator")
class KafkaStreamsHealthIndicator implements HealthIndicator {

    private final StreamsBuilderFactoryBean factoryBean;

    KafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factoryBean) {
        this.factoryBean = factoryBean;
    }

    @Override
    public Health health() {
        KafkaStreams streams = factoryBean.getKafkaStreams();
        if (streams == null) {
            return Health.down().withDetail("state", "NOT_CREATED").build();
        }
        KafkaStreams.State state = streams.state();
        Health.Builder health = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? Health.up() : Health.down();
        return health.withDetail("state", state.name()).build();
    }
}

package org.rdregistry.compute.streams;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.rdregistry.compute.ComputeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The Kafka Streams application: exactly_once_v2 always, the rest from {@code compute.*} on top of
 * Spring Boot's {@code spring.kafka.*} (bootstrap servers, security, extra
 * {@code spring.kafka.streams.properties}). The role's configuration supplies the application id
 * ({@link StreamsApplicationId}), the topology and the topics to create.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsConfiguration.class);

    /** Internal topics roll hourly, so purged repartition data and compacted changelogs leave the disk promptly. */
    static final String INTERNAL_SEGMENT_MS = "3600000";

    @Bean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
    KafkaStreamsConfiguration defaultKafkaStreamsConfig(KafkaProperties kafka, KafkaConnectionDetails connection,
                                                        ComputeProperties compute, StreamsApplicationId applicationId) {
        Map<String, Object> props = kafka.buildStreamsProperties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getStreams().getBootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId.value());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, compute.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, compute.internalReplicationFactor());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, compute.commitInterval().toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, compute.streamThreads());
        props.put(StreamsConfig.topicPrefix(TopicConfig.SEGMENT_MS_CONFIG), INTERNAL_SEGMENT_MS);
        if (compute.instanceId() != null) {
            // static membership; Streams appends the thread index per consumer
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, compute.instanceId());
        }
        return new KafkaStreamsConfiguration(props);
    }

    /**
     * A stream thread that dies of an unexpected error stops the client (state ERROR): the health
     * endpoints then report it (readiness DOWN, liveness BROKEN) so that the platform restarts the
     * process, which resumes from the last committed transaction.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer computeStreamsLifecycle(ApplicationEventPublisher events) {
        return factoryBean -> {
            factoryBean.setStateListener((newState, oldState) -> {
                LOG.info("Kafka Streams state {} -> {}", oldState, newState);
                if (newState == KafkaStreams.State.ERROR) {
                    AvailabilityChangeEvent.publish(events, factoryBean, LivenessState.BROKEN);
                }
            });
            factoryBean.setStreamsUncaughtExceptionHandler(exception -> {
                LOG.error("Kafka Streams thread failed; stopping the Streams client", exception);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
        };
    }

    /** Health "kafkaBroker", with the admin client settings of {@code spring.kafka.admin.*}. */
    @Bean
    KafkaBrokerHealthIndicator kafkaBrokerHealthIndicator(KafkaAdmin kafkaAdmin, ComputeProperties compute) {
        return new KafkaBrokerHealthIndicator(kafkaAdmin.getConfigurationProperties(), compute.brokerHealthTimeout());
    }
}

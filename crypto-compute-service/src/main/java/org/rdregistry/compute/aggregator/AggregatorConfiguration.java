package org.rdregistry.compute.aggregator;

import java.nio.file.Path;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.rdregistry.compute.ComputeProperties;
import org.rdregistry.compute.registry.RegistryKeys;
import org.rdregistry.compute.registry.RegistryProperties;
import org.rdregistry.compute.streams.StreamsApplicationId;
import org.rdregistry.compute.streams.TopicCreation;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.IntakeAttestation;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.registry.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The aggregator role ({@code compute.role=aggregator}, the default): puts the aggregator topology on
 * the application's Kafka Streams builder, with the registry key read from {@code registry.key-file}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "compute.role", havingValue = "aggregator", matchIfMissing = true)
class AggregatorConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AggregatorConfiguration.class);

    @Bean
    StreamsApplicationId streamsApplicationId(ComputeProperties compute) {
        return new StreamsApplicationId(compute.applicationIdOr(ComputeProperties.AGGREGATOR_APPLICATION_ID));
    }

    @Bean
    PublicKey registryKey(RegistryProperties properties) {
        return RegistryKeys.read(properties);
    }

    @Bean
    RecordRules recordRules(RegistrySchema schema, PublicKey registryKey, AggregatorProperties aggregator) {
        Path keyFile = aggregator.intakeAttestationKeyFile();
        if (keyFile == null || keyFile.toString().isBlank()) {
            return new RecordRules(schema, registryKey);
        }
        LOG.info("Records attested by intake (key file {}) are not verified a second time; others are", keyFile);
        return RecordRules.trustingIntake(schema, registryKey,
                IntakeAttestation.fromFile(keyFile, registryKey, schema.version()));
    }

    @Bean
    AggregatorMetrics aggregatorMetrics(MeterRegistry registry) {
        return new AggregatorMetrics(registry);
    }

    @Bean
    KStream<String, CohortAggregate> aggregatorStream(StreamsBuilder builder, ComputeProperties properties,
                                                      AggregatorProperties aggregator, RecordRules rules,
                                                      AggregatorMetrics metrics) {
        return AggregatorTopology.addTo(builder, properties.recordsTopic(), Topics.RECORDS.partitions(),
                properties.aggregatesTopic(), rules, metrics, aggregator.publishInterval());
    }

    /** The input and output topics, created by Spring's KafkaAdmin at start-up when missing. */
    @Bean
    @ConditionalOnProperty(name = "compute.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics registryTopics(ComputeProperties compute) {
        return new KafkaAdmin.NewTopics(
                TopicCreation.newTopic(compute.recordsTopic(), Topics.RECORDS, compute.topicReplicationFactor()),
                TopicCreation.newTopic(compute.aggregatesTopic(), Topics.AGGREGATES, compute.topicReplicationFactor()));
    }
}

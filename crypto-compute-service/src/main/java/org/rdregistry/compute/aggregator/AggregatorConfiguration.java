package org.rdregistry.compute.aggregator;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.rdregistry.compute.ComputeProperties;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.registry.schema.RegistrySchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

/** Puts the aggregator topology on the application's Kafka Streams builder. */
@Configuration(proxyBeanMethods = false)
class AggregatorConfiguration {

    @Bean
    RecordRules recordRules(RegistrySchema schema, PublicKey registryKey) {
        return new RecordRules(schema, registryKey);
    }

    @Bean
    AggregatorMetrics aggregatorMetrics(MeterRegistry registry) {
        return new AggregatorMetrics(registry);
    }

    @Bean
    KStream<String, CohortAggregate> aggregatorStream(StreamsBuilder builder, ComputeProperties properties,
                                                      RecordRules rules, AggregatorMetrics metrics) {
        return AggregatorTopology.addTo(builder, properties.recordsTopic(), Topics.RECORDS.partitions(),
                properties.aggregatesTopic(), rules, metrics);
    }
}

package org.rdregistry.compute.trustee;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rdregistry.compute.ComputeProperties;
import org.rdregistry.compute.aggregator.AggregatorMetrics;
import org.rdregistry.compute.aggregator.AggregatorTopology;
import org.rdregistry.compute.aggregator.RecordRules;
import org.rdregistry.compute.registry.RegistryKeyException;
import org.rdregistry.compute.registry.RegistryKeys;
import org.rdregistry.compute.registry.RegistryProperties;
import org.rdregistry.compute.streams.StreamsApplicationId;
import org.rdregistry.compute.streams.TopicCreation;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.registry.topics.Topics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.KafkaAdmin;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The trustee role ({@code compute.role=trustee}): trustee i recomputes every cohort aggregate from
 * the records topic under its own Streams application id ({@code registry-trustee-<i>}) with the
 * aggregator's own stage, keeps the recent states in memory, and answers release requests
 * (docs/design/releases.md). It publishes nothing to the aggregates topic.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "compute.role", havingValue = "trustee")
class TrusteeConfiguration {

    /** The trustee's index, checked against its share: a share used under another index is a misconfiguration. */
    @Bean
    TrusteeIdentity trusteeIdentity(TrusteeProperties properties, TrusteeKeyShare share) {
        if (properties.index() == null) {
            throw new TrusteeShareException("trustee.index is not set: this trustee's index in the joint key", null);
        }
        if (properties.index() != share.index()) {
            throw new TrusteeShareException("trustee.index is " + properties.index() + " but the share file "
                    + properties.shareFile() + " holds the share of trustee " + share.index(), null);
        }
        return new TrusteeIdentity(share.index());
    }

    @Bean
    StreamsApplicationId streamsApplicationId(ComputeProperties compute, TrusteeIdentity identity) {
        return new StreamsApplicationId(compute.applicationIdOr("registry-trustee-" + identity.index()));
    }

    /**
     * The registry key records are verified against is the share's joint key; {@code registry.key-file},
     * when set, must be the same key (a trustee of another registry would refuse everything).
     */
    @Bean
    PublicKey registryKey(TrusteeKeyShare share, RegistryProperties registry) {
        if (RegistryKeys.configured(registry) && !RegistryKeys.read(registry).equals(share.publicKey())) {
            throw new RegistryKeyException("registry.key-file " + registry.keyFile()
                    + " is not the joint key of this trustee's share (" + share.publicKey() + ")", null);
        }
        return share.publicKey();
    }

    @Bean
    RecordRules recordRules(RegistrySchema schema, PublicKey registryKey) {
        return new RecordRules(schema, registryKey);
    }

    @Bean
    AggregatorMetrics aggregatorMetrics(MeterRegistry registry) {
        return new AggregatorMetrics(registry);
    }

    @Bean
    ReleaseLayout releaseLayout(RegistrySchema schema) {
        return ReleaseLayout.of(schema);
    }

    @Bean
    AggregateHistory aggregateHistory(TrusteeProperties properties) {
        return new AggregateHistory(properties.historySize());
    }

    /** The aggregator's stage under the trustee's application id, feeding the history instead of a topic. */
    @Bean
    KStream<String, CohortAggregate> trusteeStream(StreamsBuilder builder, ComputeProperties compute, RecordRules rules,
                                                   AggregatorMetrics metrics, AggregateHistory history) {
        KStream<String, CohortAggregate> aggregates = AggregatorTopology.aggregates(builder, compute.recordsTopic(),
                Topics.RECORDS.partitions(), rules, metrics);
        aggregates.foreach((cohort, aggregate) -> history.record(aggregate), Named.as("trustee-history"));
        return aggregates;
    }

    @Bean
    OwnAggregates ownAggregates(AggregateHistory history, StreamsBuilderFactoryBean streams) {
        return new OwnAggregates(history, cohort -> currentState(streams, cohort));
    }

    /** The cohort's current state in the restored store (interactive query), when the client is running. */
    static Optional<CohortAggregate> currentState(StreamsBuilderFactoryBean streams, String cohort) {
        KafkaStreams client = streams.getKafkaStreams();
        if (client == null || client.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        try {
            ReadOnlyKeyValueStore<String, CohortAggregate> store = client.store(StoreQueryParameters.fromNameAndType(
                    AggregatorTopology.COHORT_AGGREGATES_STORE, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(cohort));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();   // migrating or restoring: ask again later
        }
    }

    @Bean
    TrusteeLedger trusteeLedger(TrusteeProperties properties, ComputeProperties compute, TrusteeIdentity identity) {
        Path file = properties.ledgerFile() != null ? properties.ledgerFile()
                : compute.stateDir().resolve("trustee-" + identity.index() + "-ledger.json");
        return TrusteeLedger.open(file, identity.index());
    }

    @Bean
    TrusteeMetrics trusteeMetrics(MeterRegistry registry) {
        return new TrusteeMetrics(registry);
    }

    @Bean
    TrusteeRequestHandler trusteeRequestHandler(TrusteeKeyShare share, TrusteeIdentity identity, ReleaseLayout layout,
                                                OwnAggregates own, TrusteeLedger ledger, TrusteeProperties properties,
                                                TrusteeMetrics metrics) {
        TrusteeRequestHandler.Settings settings = new TrusteeRequestHandler.Settings(properties.positionWait(),
                properties.minCohortRecords(),
                new ReleaseChecks.NoisePolicy(properties.allowNoNoise(), properties.minSigma2()),
                Topics.RECORDS.partitions());
        return new TrusteeRequestHandler(share, layout, own, ledger, settings, metrics);
    }

    /** The request listener; also the health contributor {@code trusteeRequests}. */
    @Bean
    ReleaseRequestListener trusteeRequests(KafkaProperties kafka, KafkaConnectionDetails connection,
                                           StreamsApplicationId applicationId, TrusteeProperties properties,
                                           TrusteeRequestHandler handler, ApplicationEventPublisher events) {
        Map<String, Object> consumer = kafka.buildConsumerProperties();
        consumer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
        // one request per poll, each waiting at most trustee.position-wait plus its crypto: with a margin,
        // the consumer must not be thought dead meanwhile
        long maxPollInterval = Math.max(300_000L, 2 * properties.positionWait().toMillis() + 60_000L);
        consumer.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxPollInterval));
        Map<String, Object> producer = kafka.buildProducerProperties();
        producer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
        // not the Streams application id itself: that is the Streams client's consumer group
        return new ReleaseRequestListener(consumer, producer, applicationId.value() + "-requests",
                properties.requestsTopic(), properties.messagesTopic(), handler, events);
    }

    /** The records topic and the release protocol's request and answer topics, created when missing. */
    @Bean
    @ConditionalOnProperty(name = "compute.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics trusteeTopics(ComputeProperties compute, TrusteeProperties properties) {
        return new KafkaAdmin.NewTopics(
                TopicCreation.newTopic(compute.recordsTopic(), Topics.RECORDS, compute.topicReplicationFactor()),
                TopicCreation.newTopic(properties.requestsTopic(), Topics.RELEASE_REQUESTS, compute.topicReplicationFactor()),
                TopicCreation.newTopic(properties.messagesTopic(), Topics.TRUSTEE_MESSAGES, compute.topicReplicationFactor()));
    }

    /** This process's trustee index, checked against its share. */
    record TrusteeIdentity(int index) {
    }
}

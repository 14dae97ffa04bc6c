package org.rdregistry.compute.consult.scorer;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.rdregistry.compute.ComputeProperties;
import org.rdregistry.compute.consult.ConsultProperties;
import org.rdregistry.compute.consult.ModelCatalog;
import org.rdregistry.compute.consult.TopicFollower;
import org.rdregistry.compute.streams.StreamsApplicationId;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.registry.consult.ScoreSet;
import org.rdregistry.registry.topics.Topics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.kafka.core.KafkaAdmin;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The scorer ({@code compute.role=aggregator}, {@code consult.enabled=true}): a second sub-topology on
 * the aggregator's Streams application, reading {@code consult.cases.v1} and writing
 * {@code consult.scores.v1}, with the models of a {@link ModelCatalog} fed by a follower of
 * {@code consult.models.v1}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "compute.role", havingValue = "aggregator", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "consult.enabled", matchIfMissing = true)
class ScorerConfiguration {

    @Bean
    ModelCatalog scorerModels() {
        return ModelCatalog.withShipped();
    }

    /** Reads the models topic from the beginning into the catalog, for as long as the application runs. */
    @Bean
    ModelFollower scorerModelFollower(KafkaProperties kafka, KafkaConnectionDetails connection,
                                      StreamsApplicationId applicationId, ConsultProperties consult,
                                      ModelCatalog scorerModels) {
        Map<String, Object> props = kafka.buildConsumerProperties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
        return new ModelFollower(new TopicFollower(props, applicationId.value() + "-consult-models",
                consult.topic(Topics.CONSULT_MODELS), r -> scorerModels.apply(r.key(), r.value())));
    }

    @Bean
    ScorerMetrics scorerMetrics(MeterRegistry registry) {
        return new ScorerMetrics(registry);
    }

    /** After the aggregator's stage, so that the aggregator keeps sub-topology 0 (its task ids and state directories). */
    @Bean
    @DependsOn("aggregatorStream")
    KStream<String, ScoreSet> scorerStream(StreamsBuilder builder, ConsultProperties consult, PublicKey registryKey,
                                           ModelCatalog scorerModels, ScorerMetrics metrics) {
        CaseScorer scorer = new CaseScorer(registryKey, scorerModels, consult.modelWait());
        return ScorerTopology.addTo(builder, consult.topic(Topics.CONSULT_CASES), consult.topic(Topics.CONSULT_SCORES),
                scorer, metrics);
    }

    /** The consult topics (the scorer's input and output must exist before the Streams client starts). */
    @Bean
    @ConditionalOnProperty(name = "compute.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics consultTopics(ConsultProperties consult, ComputeProperties compute) {
        return new KafkaAdmin.NewTopics(consult.newTopics(compute.topicReplicationFactor()));
    }

    /** Runs the models follower with the application: started before the Streams client, stopped after it. */
    static final class ModelFollower implements SmartLifecycle {

        private final TopicFollower follower;

        ModelFollower(TopicFollower follower) {
            this.follower = follower;
        }

        @Override
        public void start() {
            follower.start();
        }

        @Override
        public void stop() {
            follower.stop();
        }

        @Override
        public boolean isRunning() {
            return follower.isRunning();
        }

        @Override
        public int getPhase() {
            return Integer.MAX_VALUE - 2000;   // StreamsBuilderFactoryBean runs in phase Integer.MAX_VALUE - 1000
        }
    }
}

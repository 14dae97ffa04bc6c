package org.rdregistry.compute.consult.trustee;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.rdregistry.compute.ComputeProperties;
import org.rdregistry.compute.consult.ConsultProperties;
import org.rdregistry.compute.consult.ModelCatalog;
import org.rdregistry.compute.consult.TopicFollower;
import org.rdregistry.compute.streams.StreamsApplicationId;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.registry.topics.Topics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Consultation key switching in the trustee role ({@code compute.role=trustee},
 * {@code consult.enabled=true}): the trustee's own in-memory view of the consult topics and the
 * listener that answers key-switch requests with its own key share.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "compute.role", havingValue = "trustee")
@ConditionalOnBooleanProperty(name = "consult.enabled", matchIfMissing = true)
class ConsultTrusteeConfiguration {

    /** The parts of one trustee's consultation key switching, wired the same way in the service and in tests. */
    record Assembly(CaseView view, ModelCatalog models, KeySwitchHandler handler, KeySwitchRequestListener listener) {
    }

    /**
     * @param consumer bootstrap servers, security and other settings of every consumer
     * @param producer the same for the answers' producer
     * @param clientPrefix prefix of the client ids and of the request consumer's group ({@code -consult-requests})
     */
    static Assembly assemble(Map<String, Object> consumer, Map<String, Object> producer, String clientPrefix,
                             ConsultProperties consult, TrusteeKeyShare share, MeterRegistry meters, Clock clock,
                             ApplicationEventPublisher events) {
        CaseView view = new CaseView();
        ModelCatalog models = ModelCatalog.withShipped();
        ConsultTrusteeMetrics metrics = new ConsultTrusteeMetrics(meters, view);
        KeySwitchHandler handler = new KeySwitchHandler(share, view, models, clock,
                new KeySwitchHandler.Settings(consult.caseWait(), consult.modelWait()), metrics);
        TopicFollower cases = new TopicFollower(consumer, clientPrefix + "-consult-cases",
                consult.topic(Topics.CONSULT_CASES), r -> view.applyCase(r.key(), r.value()));
        TopicFollower purged = new TopicFollower(consumer, clientPrefix + "-consult-purged",
                consult.topic(Topics.CONSULT_PURGED), r -> view.applyPurge(r.key(), r.value()));
        TopicFollower modelFollower = new TopicFollower(consumer, clientPrefix + "-consult-models",
                consult.topic(Topics.CONSULT_MODELS), r -> models.apply(r.key(), r.value()));
        Map<String, Object> requestConsumer = new HashMap<>(consumer);
        // one request at a time, each waiting at most the case and model waits plus its crypto
        long maxPoll = Math.max(300_000L, 2 * (consult.caseWait().toMillis() + consult.modelWait().toMillis()) + 60_000L);
        requestConsumer.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxPoll));
        KeySwitchRequestListener listener = new KeySwitchRequestListener(requestConsumer, producer,
                clientPrefix + "-consult-requests", new KeySwitchRequestListener.RequestTopics(
                        consult.topic(Topics.CONSULT_KEYSWITCH_REQUESTS), consult.topic(Topics.CONSULT_TRUSTEE_MESSAGES)),
                cases, purged, modelFollower, handler, events);
        return new Assembly(view, models, handler, listener);
    }

    @Bean
    Assembly consultTrustee(KafkaProperties kafka, KafkaConnectionDetails connection, StreamsApplicationId applicationId,
                            ConsultProperties consult, TrusteeKeyShare share, MeterRegistry meters,
                            ApplicationEventPublisher events) {
        Map<String, Object> consumer = kafka.buildConsumerProperties();
        consumer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
        Map<String, Object> producer = kafka.buildProducerProperties();
        producer.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
        // not the Streams application id itself: that is the Streams client's consumer group
        return assemble(consumer, producer, applicationId.value(), consult, share, meters, Clock.systemUTC(), events);
    }

    /** The listener as a lifecycle bean; also the health contributor {@code consultKeySwitch}. */
    @Bean
    KeySwitchRequestListener consultKeySwitch(Assembly consultTrustee) {
        return consultTrustee.listener();
    }

    /** The consult topics, created when missing (with the specs consultation-service uses too). */
    @Bean
    @ConditionalOnProperty(name = "compute.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics consultTopics(ConsultProperties consult, ComputeProperties compute) {
        return new KafkaAdmin.NewTopics(consult.newTopics(compute.topicReplicationFactor()));
    }
}

package org.rdregistry.stats.release;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.stats.kafka.StatsTopics;
import org.rdregistry.service.kafka.TopicFollower;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * What the coordinator reacts to: the aggregates topic, read from the beginning (the latest aggregate
 * of every cohort), and the trustee-messages topic, read from its end (only answers to this instance's
 * requests matter, and requests are only sent once the end has been found).
 */
@Component
public class ReleaseInputs implements DisposableBean {

    private final TopicFollower aggregates;
    private final TopicFollower trusteeMessages;

    public ReleaseInputs(ConsumerFactory<?, ?> consumerFactory, StatsTopics topics, ReleaseCoordinator coordinator) {
        this.aggregates = new TopicFollower(consumerFactory, "stats-aggregates", topics.aggregates(),
                TopicFollower.Start.BEGINNING, true, r -> coordinator.onAggregate(r.key(), aggregate(r)));
        this.trusteeMessages = new TopicFollower(consumerFactory, "stats-trustee-messages", topics.trusteeMessages(),
                TopicFollower.Start.END, true, r -> {
                    if (r.value() != null) {
                        coordinator.onMessage(RegistryJson.mapper().readValue(r.value(), TrusteeMessage.class));
                    }
                });
    }

    private static CohortAggregate aggregate(ConsumerRecord<String, String> r) {
        if (r.key() == null) {
            throw new IllegalArgumentException("aggregate without key");
        }
        return r.value() == null ? null : RegistryJson.mapper().readValue(r.value(), CohortAggregate.class);
    }

    /** Positions the trustee-message reader at the end of its topic; returns once it is there. */
    public boolean listenToTrustees() throws InterruptedException {
        trusteeMessages.start();
        return trusteeMessages.awaitCaughtUp();
    }

    /** Reads every aggregate up to the current end; returns once done, then keeps following. */
    public boolean readAggregates() throws InterruptedException {
        aggregates.start();
        return aggregates.awaitCaughtUp();
    }

    @Override
    public void destroy() {
        aggregates.stop();
        trusteeMessages.stop();
    }
}

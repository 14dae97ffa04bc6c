package org.rdregistry.compute.streams;

import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.rdregistry.registry.topics.TopicSpec;

/** Topics a role creates at start-up (through Spring's KafkaAdmin) when they are missing. */
public final class TopicCreation {

    private TopicCreation() {
    }

    /** {@code name} with the partitions and configs of {@code spec}; replication -1 = the broker's default. */
    public static NewTopic newTopic(String name, TopicSpec spec, int replicationFactor) {
        return new NewTopic(name, Optional.of(spec.partitions()),
                replicationFactor > 0 ? Optional.of((short) replicationFactor) : Optional.empty())
                .configs(spec.configs());
    }
}

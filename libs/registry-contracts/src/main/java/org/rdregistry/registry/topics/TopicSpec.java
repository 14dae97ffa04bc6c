package org.rdregistry.registry.topics;

import java.util.Map;
import java.util.Objects;

/** A topic's name, partition count and configuration (kept free of Kafka classes on purpose). */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        configs = Map.copyOf(configs);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1");
        }
    }
}

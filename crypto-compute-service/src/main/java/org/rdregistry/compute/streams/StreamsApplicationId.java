package org.rdregistry.compute.streams;

import java.util.Objects;

/**
 * The Kafka Streams {@code application.id} of this process, chosen by its role (aggregator or
 * trustee i): consumer group, transactional id prefix and prefix of the internal topics.
 */
public record StreamsApplicationId(String value) {

    public StreamsApplicationId {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[a-zA-Z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("application id must be 1-200 characters [a-zA-Z0-9._-]");
        }
    }
}

package org.rdregistry.testsupport.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Broker configuration shared by the embedded and the Docker broker, and the resolution of the
 * {@code rd.kafka.*} settings (system property first, then environment variable).
 */
final class BrokerSettings {

    static final String MODE_PROPERTY = "rd.kafka.mode";
    static final String BOOTSTRAP_PROPERTY = "rd.kafka.bootstrap";
    static final String IMAGE_PROPERTY = "rd.kafka.image";
    static final String DOCKER_DETECT_TIMEOUT_PROPERTY = "rd.kafka.docker-detect-timeout-seconds";

    private BrokerSettings() {
    }

    /**
     * Single-node broker settings: internal topics with replication factor 1 (so transactions and
     * consumer groups work on one broker), no topic auto-creation, no rebalance delay, and a short
     * log-cleaner back-off so compaction tests do not wait 15 s for the cleaner to wake up.
     */
    static Map<String, String> brokerConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("auto.create.topics.enable", "false");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("num.partitions", "1");
        config.put("delete.topic.enable", "true");
        config.put("log.cleaner.backoff.ms", "1000");
        return config;
    }

    /**
     * Converts a broker property name into the environment variable the {@code apache/kafka}
     * image reads: {@code KAFKA_} prefix, '_' becomes "__", '-' becomes "___", '.' becomes '_'.
     */
    static String dockerEnvName(String property) {
        return "KAFKA_" + property.replace("_", "__").replace("-", "___").replace('.', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** Reads {@code name} as a system property, then as an environment variable (RD_KAFKA_MODE). */
    static Optional<String> setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}

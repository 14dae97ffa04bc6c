package org.rdregistry.registry.topics;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;
import org.rdregistry.registry.events.RecordSubmission;

/**
 * Puts every entry of the records topic on the partition of its cohort (the ORPHA code after the last
 * {@code /} of the key {@code <pseudonym>/<cohort>}), so that a cohort's records have one order that
 * every reader sees: the aggregator and each trustee then pass through the same sequence of aggregate
 * states, and an aggregate's input position is one offset (docs/design/releases.md). Any key of the
 * form {@code <something>/<ORPHA code>} is partitioned by its cohort (topic names may carry a
 * deployment prefix, so the topic is not checked); other keys like Kafka's default partitioner does.
 *
 * <p>Producers writing the records topic must set {@code partitioner.class} to this class; the
 * aggregator and the trustees drop records that sit on another partition than their cohort's.
 */
public final class CohortPartitioner implements Partitioner {

    /** The partition of {@code cohort} in a records topic with {@code partitions} partitions. */
    public static int partitionOf(String cohort, int partitions) {
        return Utils.toPositive(Utils.murmur2(cohort.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The cohort named by a records-topic key, or null if the key has no {@code /}. */
    public static String cohortOfKey(String key) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        return slash < 0 ? null : key.substring(slash + 1);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionsForTopic(topic).size();
        if (key instanceof String k && cohortOfKey(k) != null && RecordSubmission.COHORT.matcher(cohortOfKey(k)).matches()) {
            return partitionOf(cohortOfKey(k), partitions);
        }
        if (keyBytes == null) {
            throw new IllegalArgumentException("CohortPartitioner needs a key (topic " + topic + ")");
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}

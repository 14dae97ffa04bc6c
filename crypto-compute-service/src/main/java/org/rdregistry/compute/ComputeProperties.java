package org.rdregistry.compute;

import java.nio.file.Path;
import java.time.Duration;

import org.rdregistry.registry.topics.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Kafka Streams application ({@code compute.*}). The broker connection itself comes
 * from {@code spring.kafka.*} (bootstrap servers, security), shared with the admin client.
 *
 * @param role what this process is: {@code aggregator} (default) or {@code trustee}; exactly one role
 *     per process, only that role's beans are created
 * @param applicationId Kafka Streams {@code application.id}: consumer group, transactional id prefix
 *     and prefix of the internal topics; every instance of one deployment shares it. Default
 *     {@code rd-crypto-compute-aggregator} in the aggregator role, {@code registry-trustee-<index>} in
 *     the trustee role
 * @param stateDir where RocksDB keeps the local state stores (rebuilt from changelogs if lost);
 *     default {@code ./data/crypto-compute-state}; keep it across restarts to avoid a full restore
 * @param internalReplicationFactor replication factor of the changelog and repartition topics;
 *     -1 = the broker's default (1 on a single dev broker, 3 on a production cluster)
 * @param commitInterval how often a transaction commits; aggregates become visible to
 *     read_committed consumers at this pace
 * @param streamThreads stream threads of this instance (proof verification is CPU-bound)
 * @param recordsTopic input topic (default {@link Topics#RECORDS})
 * @param aggregatesTopic output topic (default {@link Topics#AGGREGATES})
 * @param createTopics create the input and output topics at start-up if they are missing
 * @param topicReplicationFactor replication factor of the topics created at start-up; -1 = broker default
 * @param brokerHealthTimeout how long the broker health check waits for the cluster to answer
 * @param instanceId optional stable identity of this instance (e.g. the pod name of a StatefulSet):
 *     Kafka static membership ({@code group.instance.id}), so that an instance restarted after a crash
 *     takes its partitions back at once instead of after the session timeout (45 s); must be unique
 *     among the running instances of one application id
 */
@ConfigurationProperties("compute")
public record ComputeProperties(
        @DefaultValue("aggregator") Role role,
        String applicationId,
        Path stateDir,
        @DefaultValue("-1") int internalReplicationFactor,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("2") int streamThreads,
        String recordsTopic,
        String aggregatesTopic,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("-1") int topicReplicationFactor,
        @DefaultValue("3s") Duration brokerHealthTimeout,
        String instanceId) {

    /** The role of this process. */
    public enum Role { AGGREGATOR, TRUSTEE }

    /** Default Streams application id of the aggregator role. */
    public static final String AGGREGATOR_APPLICATION_ID = "rd-crypto-compute-aggregator";

    public ComputeProperties {
        if (role == null) {
            role = Role.AGGREGATOR;
        }
        if (applicationId != null && applicationId.isBlank()) {
            applicationId = null;
        }
        if (stateDir == null) {
            // not the OS temp dir, which cleaners may empty under a running instance
            stateDir = Path.of("data", "crypto-compute-state").toAbsolutePath();
        }
        if (recordsTopic == null || recordsTopic.isBlank()) {
            recordsTopic = Topics.RECORDS.name();
        }
        if (aggregatesTopic == null || aggregatesTopic.isBlank()) {
            aggregatesTopic = Topics.AGGREGATES.name();
        }
        if (applicationId != null && !applicationId.matches("[a-zA-Z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("compute.application-id must be 1-200 characters [a-zA-Z0-9._-]");
        }
        if (instanceId != null && instanceId.isBlank()) {
            instanceId = null;
        }
        if (instanceId != null && !instanceId.matches("[a-zA-Z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("compute.instance-id must be 1-200 characters [a-zA-Z0-9._-]");
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("compute.stream-threads must be >= 1");
        }
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("compute.commit-interval must be positive");
        }
    }

    /** The Streams application id: the configured one, else the role's default. */
    public String applicationIdOr(String roleDefault) {
        return applicationId != null ? applicationId : roleDefault;
    }
}

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
 * @param applicationId Kafka Streams {@code application.id}: consumer group, transactional id prefix
 *     and prefix of the internal topics; every instance of one deployment shares it
 * @param stateDir where RocksDB keeps the local state stores (rebuilt from changelogs if lost);
 *     default {@code <java.io.tmpdir>/rd-crypto-compute}; keep it across restarts to avoid a full restore
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
 */
@ConfigurationProperties("compute")
public record ComputeProperties(
        @DefaultValue("rd-crypto-compute-aggregator") String applicationId,
        Path stateDir,
        @DefaultValue("-1") int internalReplicationFactor,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("2") int streamThreads,
        String recordsTopic,
        String aggregatesTopic,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("-1") int topicReplicationFactor,
        @DefaultValue("3s") Duration brokerHealthTimeout) {

    public ComputeProperties {
        if (stateDir == null) {
            stateDir = Path.of(System.getProperty("java.io.tmpdir"), "rd-crypto-compute");
        }
        if (recordsTopic == null || recordsTopic.isBlank()) {
            recordsTopic = Topics.RECORDS.name();
        }
        if (aggregatesTopic == null || aggregatesTopic.isBlank()) {
            aggregatesTopic = Topics.AGGREGATES.name();
        }
        if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("compute.application-id must be 1-200 characters [a-zA-Z0-9._-]");
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("compute.stream-threads must be >= 1");
        }
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("compute.commit-interval must be positive");
        }
    }
}

package org.rdregistry.consult.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code consult.*} (see README.md).
 *
 * @param topicPrefix    prefix of every topic name and of the Streams application id (tests use a unique one;
 *                       empty in production)
 * @param applicationId  Kafka Streams application id (after the prefix); every instance of one deployment shares it
 * @param jointKeyFile   the trustees' joint key: the key ceremony's {@code ceremony-result.json}, or the joint key
 *                       alone in wire JSON
 * @param stateDir       Kafka Streams state directory (holds no consultation bytes: the stores are in memory)
 * @param leaseDuration  how long a claim is exclusive
 * @param retention      a consultation is purged this long after submission unless acknowledged or withdrawn earlier
 * @param sweepInterval  how often a tombstone is appended to every partition of every consultation topic, so that
 *                       segments roll and compaction reaches purged values
 * @param tickInterval   how often each task checks its consultations for expired leases and retention
 * @param keySwitchRetry a key-switch request still short of t valid shares after this long is published again
 * @param commandTimeout how long an HTTP request waits for its command's result before answering 504 (outcome unknown)
 * @param maxBodyBytes   largest accepted request body (413 above)
 * @param streamThreads  Kafka Streams threads of this instance
 * @param topicOverrides topic configs applied on top of {@code Topics.CONSULT_BOUNDED} to every bounded topic this
 *                       service creates, including its changelog (tests shorten the compaction bounds with it)
 * @param sseHeartbeat   interval of the comment lines that keep idle event streams open
 */
@ConfigurationProperties("consult")
public record ConsultProperties(@DefaultValue("") String topicPrefix,
                                @DefaultValue("consultation-service") String applicationId,
                                Path jointKeyFile,
                                @DefaultValue("data/consultation-state") Path stateDir,
                                @DefaultValue("PT15M") Duration leaseDuration,
                                @DefaultValue("P30D") Duration retention,
                                @DefaultValue("PT1M") Duration sweepInterval,
                                @DefaultValue("PT5S") Duration tickInterval,
                                @DefaultValue("PT30S") Duration keySwitchRetry,
                                @DefaultValue("PT10S") Duration commandTimeout,
                                @DefaultValue("768KB") DataSize maxBodyBytes,
                                @DefaultValue("1") int streamThreads,
                                Map<String, String> topicOverrides,
                                @DefaultValue("PT15S") Duration sseHeartbeat) {

    public ConsultProperties {
        topicOverrides = topicOverrides == null ? Map.of() : Map.copyOf(topicOverrides);
        for (Duration d : new Duration[] {leaseDuration, retention, sweepInterval, tickInterval, keySwitchRetry,
                commandTimeout, sseHeartbeat}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("consult.* durations must be positive");
            }
        }
        if (maxBodyBytes.toBytes() < 1024 || maxBodyBytes.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("consult.max-body-bytes must be between 1KB and 2GB");
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("consult.stream-threads must be at least 1");
        }
    }

    /** The Streams application id with the topic prefix (so that tests with their own topics have their own group). */
    public String streamsApplicationId() {
        return topicPrefix + applicationId;
    }
}

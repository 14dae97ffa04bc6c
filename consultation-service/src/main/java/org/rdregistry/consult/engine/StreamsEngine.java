package org.rdregistry.consult.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.consult.kafka.ConsultTopics;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The Kafka Streams client running the state machine: exactly_once_v2 always, the rest from {@code consult.*} on
 * top of Spring Boot's {@code spring.kafka.*} (bootstrap servers, security, extra
 * {@code spring.kafka.streams.properties}). Started by the start-up sequence once the topics exist; health
 * contributor {@code kafkaStreams}. A stream thread that dies of an unexpected error stops the client (as in
 * crypto-compute-service): readiness goes DOWN and liveness BROKEN, so that the platform restarts the process, which
 * resumes from the last committed transaction.
 */
@Component("kafkaStreams")
public class StreamsEngine implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsEngine.class);

    private final Properties config;
    private final ConsultProperties properties;
    private final ConsultTopics topics;
    private final KeySwitching keySwitching;
    private final ConsultMetrics metrics;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private volatile KafkaStreams streams;

    public StreamsEngine(KafkaProperties kafka, KafkaConnectionDetails connection, ConsultProperties properties,
                         ConsultTopics topics, JointKey jointKey, KeySwitchCombiner combiner, ConsultMetrics metrics,
                         Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.properties = properties;
        this.topics = topics;
        this.keySwitching = new KeySwitching(jointKey, combiner);
        this.metrics = metrics;
        this.clock = clock;
        Map<String, Object> props = kafka.buildStreamsProperties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", connection.getStreams().getBootstrapServers()));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.streamsApplicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, properties.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streamThreads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        this.config = new Properties();
        this.config.putAll(props);
    }

    public KeySwitching keySwitching() {
        return keySwitching;
    }

    /** Builds and starts the client; the topics must exist. */
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        KafkaStreams s = new KafkaStreams(ConsultationTopology.build(properties, topics, keySwitching, metrics, clock),
                config);
        s.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.ERROR) {
                AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
            }
        });
        s.setUncaughtExceptionHandler(e -> {
            LOG.error("a stream thread failed; stopping the Streams client", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        s.start();
        streams = s;
    }

    public boolean running() {
        KafkaStreams s = streams;
        return s != null && s.state() == KafkaStreams.State.RUNNING;
    }

    /** How many partitions' tasks this instance runs now (diagnostics, and the multi-instance test). */
    public int activeTasks() {
        KafkaStreams s = streams;
        return s == null ? 0 : s.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    /** Leaves the group on close, so that the other instances take the partitions over at once. */
    public synchronized void stop() {
        KafkaStreams s = streams;
        streams = null;
        if (s != null) {
            s.close(CloseOptions.timeout(Duration.ofSeconds(10))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }

    @Override
    public Health health() {
        KafkaStreams s = streams;
        if (s == null) {
            return Health.down().withDetail("state", "NOT_CREATED").build();
        }
        KafkaStreams.State state = s.state();
        Health.Builder health = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? Health.up() : Health.down();
        return health.withDetail("state", state.name()).build();
    }
}

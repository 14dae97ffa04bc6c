package org.rdregistry.compute.aggregator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.rdregistry.compute.streams.JsonSerde;
import org.rdregistry.registry.aggregate.CohortAggregate;

/** The aggregator topology on TopologyTestDriver (exactly_once_v2, no broker), as the topology tests use it. */
final class AggregatorDrivers {

    static final String RECORDS = "records";
    static final String AGGREGATES = "aggregates";

    private AggregatorDrivers() {
    }

    /** A driver over a records topic of {@code partitions} partitions (the driver feeds partition 0). */
    static TopologyTestDriver start(String applicationId, Path stateDir, int partitions, RecordRules rules,
                                    AggregatorMetrics metrics, Duration publishInterval) {
        return new TopologyTestDriver(AggregatorTopology.topology(RECORDS, partitions, AGGREGATES, rules, metrics,
                publishInterval), properties(applicationId, stateDir));
    }

    /** As {@link #start}, with every record published and at most {@code cachedCohorts} aggregates cached. */
    static TopologyTestDriver startCaching(String applicationId, Path stateDir, RecordRules rules, int cachedCohorts) {
        return new TopologyTestDriver(AggregatorTopology.topology(RECORDS, 1, AGGREGATES, rules,
                new AggregatorMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), Duration.ZERO,
                cachedCohorts), properties(applicationId, stateDir));
    }

    private static Properties properties(String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    static TestInputTopic<String, byte[]> records(TopologyTestDriver driver) {
        return driver.createInputTopic(RECORDS, new StringSerializer(), new ByteArraySerializer());
    }

    static TestOutputTopic<String, CohortAggregate> aggregates(TopologyTestDriver driver) {
        return driver.createOutputTopic(AGGREGATES, new StringDeserializer(),
                new JsonSerde<>(CohortAggregate.class).deserializer());
    }
}

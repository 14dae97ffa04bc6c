package org.rdregistry.compute.aggregator;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.rdregistry.compute.streams.JsonSerde;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.topics.Topics;

/**
 * The aggregator topology, one stage because the records topic is partitioned by cohort
 * ({@code CohortPartitioner}):
 *
 * <pre>
 * records topic (key pseudonym/cohort on the cohort's partition, RecordEvent JSON or tombstone)
 *   -> [aggregate-records]  stores latest-records (key pseudonym/cohort -> LatestRecord)
 *                           and cohort-aggregates (key cohort -> CohortAggregate)
 *   -> aggregates topic (key cohort, CohortAggregate JSON)
 * </pre>
 *
 * {@link #aggregates} builds everything but the sink, so that another role (a trustee recomputing the
 * aggregates it is asked to decrypt) can reuse the same stage under its own application id and pass
 * through exactly the same sequence of aggregate states.
 */
public final class AggregatorTopology {

    public static final String LATEST_RECORDS_STORE = "latest-records";
    public static final String COHORT_AGGREGATES_STORE = "cohort-aggregates";

    private AggregatorTopology() {
    }

    /** The aggregator role: records topic in, aggregates topic out. */
    public static Topology topology(String recordsTopic, int recordPartitions, String aggregatesTopic,
                                    RecordRules rules, AggregatorMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, recordsTopic, recordPartitions, aggregatesTopic, rules, metrics);
        return builder.build();
    }

    /**
     * Adds the aggregator role to {@code builder} (the Spring-managed one in the service).
     *
     * @return the stream of updated aggregates, also written to {@code aggregatesTopic}
     */
    public static KStream<String, CohortAggregate> addTo(StreamsBuilder builder, String recordsTopic,
                                                         int recordPartitions, String aggregatesTopic,
                                                         RecordRules rules, AggregatorMetrics metrics) {
        KStream<String, CohortAggregate> aggregates = aggregates(builder, recordsTopic, recordPartitions, rules, metrics);
        aggregates.to(aggregatesTopic, Produced.with(Serdes.String(), new JsonSerde<>(CohortAggregate.class))
                .withName("aggregates"));
        return aggregates;
    }

    /** The stage, up to the stream of updated cohort aggregates (key = cohort). */
    public static KStream<String, CohortAggregate> aggregates(StreamsBuilder builder, String recordsTopic,
                                                              int recordPartitions, RecordRules rules,
                                                              AggregatorMetrics metrics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_RECORDS_STORE),
                        Serdes.String(), new JsonSerde<>(LatestRecord.class))
                .withLoggingEnabled(latestRecordsChangelogConfigs()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COHORT_AGGREGATES_STORE),
                        Serdes.String(), new JsonSerde<>(CohortAggregate.class))
                .withLoggingEnabled(Map.of()));

        return builder.stream(recordsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("records"))
                // values stay raw bytes here so that a malformed entry is counted and dropped, not a poison pill
                .process(() -> new CohortRecordProcessor(rules, metrics, recordPartitions),
                        Named.as("aggregate-records"), LATEST_RECORDS_STORE, COHORT_AGGREGATES_STORE);
    }

    /**
     * The latest-records changelog holds every patient's contribution ciphertexts, so it gets the
     * records topic's bounded compaction: an erased patient's last copy is compacted away as promptly
     * as in the records topic itself.
     */
    static Map<String, String> latestRecordsChangelogConfigs() {
        Map<String, String> configs = new HashMap<>(Topics.RECORDS.configs());
        configs.remove("min.insync.replicas");   // follows the cluster / Streams replication settings
        return configs;
    }
}

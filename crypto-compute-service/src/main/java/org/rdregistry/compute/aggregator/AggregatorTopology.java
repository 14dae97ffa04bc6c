package org.rdregistry.compute.aggregator;

import java.time.Duration;
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
 *   -> [aggregate-records]  stores latest-records (key pseudonym/cohort -> LatestRecord),
 *                           cohort-aggregates (key cohort -> CohortAggregate) and
 *                           unpublished-cohorts (key cohort -> oldest unpublished append time)
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
    public static final String UNPUBLISHED_COHORTS_STORE = "unpublished-cohorts";

    private AggregatorTopology() {
    }

    /** The aggregator role: records topic in, aggregates topic out, every updated aggregate published at once. */
    public static Topology topology(String recordsTopic, int recordPartitions, String aggregatesTopic,
                                    RecordRules rules, AggregatorMetrics metrics) {
        return topology(recordsTopic, recordPartitions, aggregatesTopic, rules, metrics, Duration.ZERO);
    }

    /** The aggregator role, publishing each updated cohort's latest aggregate every {@code publishInterval}. */
    public static Topology topology(String recordsTopic, int recordPartitions, String aggregatesTopic,
                                    RecordRules rules, AggregatorMetrics metrics, Duration publishInterval) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, recordsTopic, recordPartitions, aggregatesTopic, rules, metrics, publishInterval);
        return builder.build();
    }

    /**
     * Adds the aggregator role to {@code builder} (the Spring-managed one in the service).
     *
     * @param publishInterval zero: every updated aggregate is published; otherwise the latest state of
     *     each updated cohort, this often (see {@link CohortRecordProcessor})
     * @return the stream of published aggregates, also written to {@code aggregatesTopic}
     */
    public static KStream<String, CohortAggregate> addTo(StreamsBuilder builder, String recordsTopic,
                                                         int recordPartitions, String aggregatesTopic,
                                                         RecordRules rules, AggregatorMetrics metrics,
                                                         Duration publishInterval) {
        KStream<String, CohortAggregate> aggregates = aggregates(builder, recordsTopic, recordPartitions, rules, metrics,
                publishInterval);
        aggregates.to(aggregatesTopic, Produced.with(Serdes.String(), new JsonSerde<>(CohortAggregate.class))
                .withName("aggregates"));
        return aggregates;
    }

    /**
     * The stage, up to the stream of every updated cohort aggregate (key = cohort), in input order: what
     * a trustee recomputing the aggregator's states needs.
     */
    public static KStream<String, CohortAggregate> aggregates(StreamsBuilder builder, String recordsTopic,
                                                              int recordPartitions, RecordRules rules,
                                                              AggregatorMetrics metrics) {
        return aggregates(builder, recordsTopic, recordPartitions, rules, metrics, Duration.ZERO);
    }

    private static KStream<String, CohortAggregate> aggregates(StreamsBuilder builder, String recordsTopic,
                                                               int recordPartitions, RecordRules rules,
                                                               AggregatorMetrics metrics, Duration publishInterval) {
        return aggregates(builder, recordsTopic, recordPartitions, rules, metrics, publishInterval,
                CohortRecordProcessor.MAX_CACHED_COHORTS);
    }

    /** The aggregator role keeping at most {@code cachedCohorts} aggregates as objects (tests: eviction). */
    static Topology topology(String recordsTopic, int recordPartitions, String aggregatesTopic, RecordRules rules,
                             AggregatorMetrics metrics, Duration publishInterval, int cachedCohorts) {
        StreamsBuilder builder = new StreamsBuilder();
        aggregates(builder, recordsTopic, recordPartitions, rules, metrics, publishInterval, cachedCohorts)
                .to(aggregatesTopic, Produced.with(Serdes.String(), new JsonSerde<>(CohortAggregate.class)));
        return builder.build();
    }

    private static KStream<String, CohortAggregate> aggregates(StreamsBuilder builder, String recordsTopic,
                                                               int recordPartitions, RecordRules rules,
                                                               AggregatorMetrics metrics, Duration publishInterval,
                                                               int cachedCohorts) {
        if (publishInterval.isNegative()) {
            throw new IllegalArgumentException("the publish interval must not be negative");
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_RECORDS_STORE),
                        Serdes.String(), new JsonSerde<>(LatestRecord.class))
                .withLoggingEnabled(latestRecordsChangelogConfigs()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COHORT_AGGREGATES_STORE),
                        Serdes.String(), new JsonSerde<>(CohortAggregate.class))
                .withLoggingEnabled(Map.of()));
        boolean coalesce = !publishInterval.isZero();
        if (coalesce) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UNPUBLISHED_COHORTS_STORE),
                            Serdes.String(), Serdes.Long())
                    .withLoggingEnabled(Map.of()));
        }
        String[] stores = coalesce
                ? new String[] {LATEST_RECORDS_STORE, COHORT_AGGREGATES_STORE, UNPUBLISHED_COHORTS_STORE}
                : new String[] {LATEST_RECORDS_STORE, COHORT_AGGREGATES_STORE};

        return builder.stream(recordsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("records"))
                // values stay raw bytes here so that a malformed entry is counted and dropped, not a poison pill
                .process(() -> new CohortRecordProcessor(rules, metrics, recordPartitions, publishInterval, cachedCohorts),
                        Named.as("aggregate-records"), stores);
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

package org.rdregistry.consult.engine;

import java.time.Clock;
import java.util.Map;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.consult.kafka.ConsultTopics;
import org.rdregistry.registry.consult.PurgeMarker;
import org.rdregistry.registry.consult.ScoringModel;

/**
 * One processor, one sub-topology:
 *
 * <pre>
 * commands, consult.scores.v1, consult.trustee-messages.v1   (co-partitioned, key = consultation id)
 *   -> [consultations]  stores: cases (in memory), purged, models
 *   -> consult.cases.v1, state, consult.keyswitch-requests.v1, consult.purged.v1, results, consult.models.v1,
 *      and purge tombstones back to commands, consult.scores.v1, consult.trustee-messages.v1
 * </pre>
 */
public final class ConsultationTopology {

    public static final String CASES_STORE = "consultations";
    public static final String PURGED_STORE = "purged";
    public static final String MODELS_STORE = "models";
    static final String PROCESSOR = "consultations";

    private ConsultationTopology() {
    }

    public static Topology build(ConsultProperties properties, ConsultTopics topics, KeySwitching keySwitching,
                                 ConsultMetrics metrics, Clock clock) {
        Topology t = new Topology();
        StringDeserializer keys = new StringDeserializer();
        ByteArrayDeserializer values = new ByteArrayDeserializer();
        t.addSource("commands", keys, values, topics.commands());
        t.addSource("scores", keys, values, topics.scores());
        t.addSource("trustee-messages", keys, values, topics.trusteeMessages());
        t.addProcessor(PROCESSOR, () -> new ConsultationProcessor(properties, topics.commands(), topics.scores(),
                topics.trusteeMessages(), keySwitching, metrics, clock), "commands", "scores", "trustee-messages");
        // In memory, not RocksDB: RocksDB's files would keep the bytes of purged consultations on disk (SST files
        // and their compaction are outside our control); an in-memory store keeps nothing on disk, and its changelog
        // (compacted with the bounded settings, a tombstone on every purge) is the only durable copy.
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CASES_STORE), Serdes.String(),
                new JsonSerde<>(CaseState.class, true)).withLoggingEnabled(topics.changelogConfigs()), PROCESSOR);
        // ids only (no data); kept for ever so that a purged id is refused for ever
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PURGED_STORE), Serdes.String(),
                new JsonSerde<>(PurgeMarker.class)).withLoggingEnabled(Map.of("cleanup.policy", "compact")), PROCESSOR);
        // public models, only to serialise publications of one reference
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(),
                new JsonSerde<>(ScoringModel.class)).withLoggingEnabled(Map.of("cleanup.policy", "compact")), PROCESSOR);
        StringSerializer keyOut = new StringSerializer();
        ByteArraySerializer valueOut = new ByteArraySerializer();
        t.addSink(Outputs.CASES, topics.cases(), keyOut, valueOut, PROCESSOR);
        t.addSink(Outputs.STATE, topics.state(), keyOut, valueOut, PROCESSOR);
        t.addSink(Outputs.REQUESTS, topics.requests(), keyOut, valueOut, PROCESSOR);
        t.addSink(Outputs.PURGED, topics.purged(), keyOut, valueOut, PROCESSOR);
        t.addSink(Outputs.RESULTS, topics.results(), keyOut, valueOut, PROCESSOR);
        t.addSink(Outputs.MODELS, topics.models(), keyOut, valueOut, PROCESSOR);
        t.addSink(Outputs.COMMANDS, topics.commands(), keyOut, valueOut, PROCESSOR);
        t.addSink(Outputs.SCORES, topics.scores(), keyOut, valueOut, PROCESSOR);
        t.addSink(Outputs.TRUSTEE_MESSAGES, topics.trusteeMessages(), keyOut, valueOut, PROCESSOR);
        return t;
    }
}

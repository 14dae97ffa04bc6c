package org.rdregistry.compute.consult.scorer;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.rdregistry.compute.streams.JsonSerde;
import org.rdregistry.registry.consult.ScoreSet;

/**
 * The scorer's sub-topology, on the aggregator's Streams application (exactly_once_v2):
 *
 * <pre>
 * consult.cases.v1 (key consultation id, ConsultationCase JSON or tombstone)
 *   -> [consult-score]  stateless: verify, evaluate every chosen model (CaseScorer)
 *   -> consult.scores.v1 (key consultation id, ScoreSet JSON or tombstone)
 * </pre>
 */
public final class ScorerTopology {

    private ScorerTopology() {
    }

    /** The scorer alone (tests). */
    public static Topology topology(String casesTopic, String scoresTopic, CaseScorer scorer, ScorerMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, casesTopic, scoresTopic, scorer, metrics);
        return builder.build();
    }

    /** Adds the scorer to {@code builder} (the aggregator's, in the service). */
    public static KStream<String, ScoreSet> addTo(StreamsBuilder builder, String casesTopic, String scoresTopic,
                                                  CaseScorer scorer, ScorerMetrics metrics) {
        KStream<String, ScoreSet> scores = builder
                // raw bytes here, so that a malformed entry is counted and dropped, not a poison pill
                .stream(casesTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("consult-cases"))
                .process(() -> new ScorerProcessor(scorer, metrics), Named.as("consult-score"));
        scores.to(scoresTopic, Produced.with(Serdes.String(), new JsonSerde<>(ScoreSet.class)).withName("consult-scores"));
        return scores;
    }
}

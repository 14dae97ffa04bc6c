package org.rdregistry.consult.engine;

import java.time.Clock;
import java.util.List;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.PurgeMarker;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.events.RegistryJson;

/**
 * Everything the state machine writes, by sink (see {@link ConsultationTopology}). Records carry the wall-clock time
 * as their timestamp: segment rolling and the compaction lag are measured on record timestamps.
 */
final class Outputs {

    static final String CASES = "to-cases";
    static final String STATE = "to-state";
    static final String REQUESTS = "to-keyswitch-requests";
    static final String PURGED = "to-purged";
    static final String RESULTS = "to-results";
    static final String MODELS = "to-models";
    static final String COMMANDS = "to-commands";
    static final String SCORES = "to-scores";
    static final String TRUSTEE_MESSAGES = "to-trustee-messages";

    /** Where a purge writes its tombstones: every topic that can hold bytes of the consultation. */
    static final List<String> PURGE_TOMBSTONES = List.of(CASES, STATE, SCORES, REQUESTS, TRUSTEE_MESSAGES, COMMANDS);

    private final ProcessorContext<String, byte[]> context;
    private final Clock clock;

    Outputs(ProcessorContext<String, byte[]> context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    void state(CaseState s) {
        send(STATE, s.id(), s.record());
    }

    void publicCase(CaseState s) {
        send(CASES, s.id(), s.publicCase());
    }

    void request(KeySwitchRequest request) {
        send(REQUESTS, request.consultationId(), request);
    }

    void result(CommandResult result) {
        send(RESULTS, result.commandId(), result);
    }

    void model(ScoringModel model) {
        send(MODELS, model.ref().toString(), model);
    }

    void purged(PurgeMarker marker) {
        send(PURGED, marker.consultationId(), marker);
    }

    void tombstone(String sink, String key) {
        context.forward(new Record<>(key, null, clock.millis()), sink);
    }

    private void send(String sink, String key, Object value) {
        context.forward(new Record<>(key, RegistryJson.mapper().writeValueAsBytes(value), clock.millis()), sink);
    }
}

package org.rdregistry.consult.engine;

import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.PurgeMarker;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The state machine's counters (Prometheus names in README.md). Trustees are counted by index and reason code,
 * never with any value. Counts are informational: after a crash, Streams re-processes uncommitted input and a count
 * may repeat.
 */
@Component
public class ConsultMetrics {

    private final MeterRegistry registry;

    public ConsultMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void refusal(ConsultTrusteeMessage.Refusal refusal) {
        Counter.builder("consult.trustee.refusals").description("key-switch refusals by trustee and reason")
                .tag("trustee", String.valueOf(refusal.trustee())).tag("reason", refusal.reason().name())
                .register(registry).increment();
    }

    void invalidShares(int trustee, int count) {
        Counter.builder("consult.trustee.invalid.shares").description("key-switch shares that failed verification")
                .tag("trustee", String.valueOf(trustee)).register(registry).increment(count);
    }

    void combined(KeySwitchRequest.Purpose purpose) {
        Counter.builder("consult.keyswitch.combined").description("key-switch requests combined")
                .tag("purpose", purpose.name()).register(registry).increment();
    }

    void purged(PurgeMarker.Reason reason) {
        Counter.builder("consult.purged").description("consultations purged").tag("reason", reason.name())
                .register(registry).increment();
    }

    void leaseExpired() {
        Counter.builder("consult.leases.expired").description("leases that expired unanswered").register(registry)
                .increment();
    }

    void command(String type, String outcome) {
        Counter.builder("consult.commands").description("commands applied by the state machine")
                .tag("type", type).tag("outcome", outcome).register(registry).increment();
    }

    void rescoreRequested() {
        Counter.builder("consult.rescore.requested").description("cases published again because no scores came")
                .register(registry).increment();
    }

    void dropped(String source, String reason) {
        Counter.builder("consult.messages.dropped").description("input messages ignored, by topic and reason")
                .tag("source", source).tag("reason", reason).register(registry).increment();
    }
}

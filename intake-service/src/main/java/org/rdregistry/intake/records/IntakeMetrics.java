package org.rdregistry.intake.records;

import java.util.function.Supplier;

import org.rdregistry.intake.problems.ProblemType;
import org.rdregistry.intake.problems.RejectionListener;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Intake's meters (Prometheus names in brackets):
 * {@code intake.records.accepted} [intake_records_accepted_total] records written;
 * {@code intake.records.duplicate} [intake_records_duplicate_total] replays answered without writing;
 * {@code intake.records.rejected{reason}} [intake_records_rejected_total] refused submission requests,
 * reason = problem slug; {@code intake.proof.verification} [intake_proof_verification_seconds] time to
 * verify one request's records; {@code intake.erasures} [intake_erasures_total].
 */
@Component
public class IntakeMetrics implements RejectionListener {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicate;
    private final Counter erasures;
    private final Timer verification;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("intake.records.accepted").description("records written to the records topic")
                .register(registry);
        this.duplicate = Counter.builder("intake.records.duplicate")
                .description("replayed records answered without writing").register(registry);
        this.erasures = Counter.builder("intake.erasures").description("erasure tombstones written").register(registry);
        this.verification = Timer.builder("intake.proof.verification")
                .description("structure and batched proof verification of one request").register(registry);
        for (ProblemType t : new ProblemType[] {ProblemType.MALFORMED_JSON, ProblemType.INVALID_RECORD,
                ProblemType.RECORD_CONFLICT, ProblemType.CONTENT_TOO_LARGE, ProblemType.SERVICE_UNAVAILABLE}) {
            rejectedCounter(t.slug());
        }
    }

    void accepted(int n) {
        accepted.increment(n);
    }

    void duplicate(int n) {
        duplicate.increment(n);
    }

    public void erased() {
        erasures.increment();
    }

    <T> T timeVerification(Supplier<T> verification) {
        return this.verification.record(verification);
    }

    @Override
    public void rejected(ServerWebExchange exchange, ProblemType type) {
        if (exchange.getRequest().getPath().value().startsWith("/api/v1/records")) {
            rejectedCounter(type.slug()).increment();
        }
    }

    private Counter rejectedCounter(String reason) {
        return Counter.builder("intake.records.rejected").description("refused submission requests by reason")
                .tag("reason", reason).register(registry);
    }
}

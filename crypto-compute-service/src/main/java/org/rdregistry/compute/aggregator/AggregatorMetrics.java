package org.rdregistry.compute.aggregator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The aggregator's own metrics (Prometheus names in brackets):
 * <ul>
 *   <li>{@code compute.records.verified} [compute_records_verified_total]: records whose proofs verified
 *       and that entered an aggregate (new patients and updates), whoever verified them;</li>
 *   <li>{@code compute.records.attested} [compute_records_attested_total]: of those, the ones accepted on
 *       intake's attestation, whose proofs were not verified a second time here;</li>
 *   <li>{@code compute.records.rejected{reason}} [compute_records_rejected_total]: dropped entries by
 *       {@link RejectReason};</li>
 *   <li>{@code compute.records.duplicates} [compute_records_duplicates_total]: resubmissions skipped;</li>
 *   <li>{@code compute.records.erased{outcome=applied|unknown-key}} [compute_records_erased_total];</li>
 *   <li>{@code compute.proof.verification} [compute_proof_verification_seconds]: time to verify one
 *       record's proofs;</li>
 *   <li>{@code compute.aggregation.lag} [compute_aggregation_lag_seconds]: from the input record's
 *       Kafka timestamp (its acceptance by intake) to the emission of the aggregate that includes it; with
 *       a publish interval, one sample per published aggregate, from the oldest record it newly includes;</li>
 *   <li>{@code compute.aggregates.emitted} [compute_aggregates_emitted_total].</li>
 * </ul>
 * Counted when processed: after a crash, records re-processed under exactly-once are counted again
 * (the aggregates are not affected).
 */
public final class AggregatorMetrics {

    private final Counter verified;
    private final Counter attested;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter duplicates;
    private final Counter erasedApplied;
    private final Counter erasedUnknown;
    private final Timer verification;
    private final Timer lag;
    private final Counter emitted;

    public AggregatorMetrics(MeterRegistry registry) {
        verified = Counter.builder("compute.records.verified")
                .description("Records whose proofs verified and that entered an aggregate").register(registry);
        attested = Counter.builder("compute.records.attested")
                .description("Records accepted on intake's attestation, proofs not verified a second time").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder("compute.records.rejected").tag("reason", reason.tag())
                    .description("Records-topic entries dropped, by reason").register(registry));
        }
        duplicates = Counter.builder("compute.records.duplicates")
                .description("Resubmissions of the latest record of a key, skipped").register(registry);
        erasedApplied = Counter.builder("compute.records.erased").tag("outcome", "applied")
                .description("Erasures (tombstones)").register(registry);
        erasedUnknown = Counter.builder("compute.records.erased").tag("outcome", "unknown-key")
                .description("Erasures (tombstones)").register(registry);
        verification = Timer.builder("compute.proof.verification")
                .description("Verification of one record's proofs").register(registry);
        lag = Timer.builder("compute.aggregation.lag")
                .description("From a record's append to the records topic to the emission of its aggregate")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5))
                .register(registry);
        emitted = Counter.builder("compute.aggregates.emitted")
                .description("Aggregates published").register(registry);
    }

    void record(Outcome outcome) {
        if (outcome instanceof Outcome.Accepted accepted) {
            verified.increment();
            if (accepted.attested()) {
                attested.increment();
            }
        } else if (outcome instanceof Outcome.Erased) {
            erasedApplied.increment();
        } else if (outcome instanceof Outcome.Duplicate) {
            duplicates.increment();
        } else if (outcome instanceof Outcome.UnknownErasure) {
            erasedUnknown.increment();
        } else if (outcome instanceof Outcome.Rejected r) {
            rejected.get(r.reason()).increment();
        }
    }

    void verificationTook(long nanos) {
        verification.record(nanos, TimeUnit.NANOSECONDS);
    }

    void emitted(long recordTimestampMillis, long nowMillis) {
        emitted.increment();
        if (recordTimestampMillis >= 0) {
            lag.record(Math.max(0, nowMillis - recordTimestampMillis), TimeUnit.MILLISECONDS);
        }
    }
}

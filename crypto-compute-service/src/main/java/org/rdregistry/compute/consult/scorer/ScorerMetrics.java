package org.rdregistry.compute.consult.scorer;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The scorer's metrics (Prometheus names in brackets), all present from the start at 0:
 * <ul>
 *   <li>{@code consult.scorer.scored} [consult_scorer_scored_total]: consultations scored (a ScoreSet
 *       published);</li>
 *   <li>{@code consult.scorer.rejected{reason}} [consult_scorer_rejected_total]: cases entries that got no
 *       score, by {@link Reason};</li>
 *   <li>{@code consult.scorer.scoring} [consult_scorer_scoring_seconds]: verification and evaluation of one
 *       submission (waiting for a model included).</li>
 * </ul>
 * Counted when processed: after a crash, entries re-processed under exactly-once are counted again
 * (the scores topic is not affected).
 */
public final class ScorerMetrics {

    /** Why a cases-topic entry got no score. */
    public enum Reason {
        /** not a ConsultationCase (not JSON, wrong shape, invalid wire encoding) */
        MALFORMED,
        /** the key is not the case's consultation id */
        KEY_MISMATCH,
        /** a chosen model is neither shipped nor published (after consult.model-wait) */
        UNKNOWN_MODEL,
        /** the submission does not verify (structure or proofs) */
        INVALID_SUBMISSION,
        /** the evaluation failed unexpectedly */
        FAILED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Counter scored;
    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
    private final Timer scoring;

    public ScorerMetrics(MeterRegistry registry) {
        scored = Counter.builder("consult.scorer.scored")
                .description("Consultations scored (a score set published)").register(registry);
        for (Reason reason : Reason.values()) {
            rejected.put(reason, Counter.builder("consult.scorer.rejected").tag("reason", reason.tag())
                    .description("Consultation cases that got no score, by reason").register(registry));
        }
        scoring = Timer.builder("consult.scorer.scoring")
                .description("Verification and evaluation of one consultation").register(registry);
    }

    void scored() {
        scored.increment();
    }

    void rejected(Reason reason) {
        rejected.get(reason).increment();
    }

    void scoringTook(long nanos) {
        scoring.record(nanos, TimeUnit.NANOSECONDS);
    }
}

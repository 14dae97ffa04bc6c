package org.rdregistry.compute.consult.scorer;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.rdregistry.compute.consult.scorer.CaseScorer.Result;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ScoreSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateless stage of the scorer: applies {@link CaseScorer} to each cases-topic entry and forwards a
 * score set (or a tombstone) keyed by consultation id. No state store: nothing of a consultation is
 * kept here. The output and the input offset commit in one transaction (exactly_once_v2), so each
 * entry is scored once even across crashes.
 */
final class ScorerProcessor implements Processor<String, byte[], String, ScoreSet> {

    private static final Logger LOG = LoggerFactory.getLogger(ScorerProcessor.class);

    private final CaseScorer scorer;
    private final ScorerMetrics metrics;
    private ProcessorContext<String, ScoreSet> context;

    ScorerProcessor(CaseScorer scorer, ScorerMetrics metrics) {
        this.scorer = scorer;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ScoreSet> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long start = System.nanoTime();
        Result result;
        try {
            result = scorer.decide(record.key(), record.value());
        } catch (InterruptedException e) {
            // shutting down: nothing is committed, the entry is processed again after the restart
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a model", e);
        } catch (RuntimeException e) {
            result = new Result.Rejected(ScorerMetrics.Reason.FAILED, e.getClass().getSimpleName());
        }
        if (result instanceof Result.Scored scored) {
            metrics.scoringTook(System.nanoTime() - start);
            metrics.scored();
            context.forward(record.withValue(scored.scores()));
            LOG.info("Consultation {}: scored {} model(s)", record.key(), scored.scores().scores().size());
        } else if (result instanceof Result.Purged) {
            context.forward(record.withValue(null));
            LOG.info("Consultation {}: purged, scores tombstoned", safeId(record.key()));
        } else if (result instanceof Result.Rejected rejected) {
            rejected(record, rejected, start);
        }
    }

    private void rejected(Record<String, byte[]> record, Result.Rejected rejected, long start) {
        if (rejected.reason() == ScorerMetrics.Reason.INVALID_SUBMISSION
                || rejected.reason() == ScorerMetrics.Reason.UNKNOWN_MODEL) {
            metrics.scoringTook(System.nanoTime() - start);
        }
        metrics.rejected(rejected.reason());
        // the id (random, no data) and the reason only
        String id = safeId(record.key());
        context.recordMetadata().ifPresentOrElse(
                m -> LOG.warn("Consultation {} ({}-{}@{}): no score, {}: {}", id, m.topic(), m.partition(),
                        m.offset(), rejected.reason().tag(), rejected.detail()),
                () -> LOG.warn("Consultation {}: no score, {}: {}", id, rejected.reason().tag(), rejected.detail()));
    }

    /** A consultation id as it may be logged: a key that is not one (it could be anything) is not. */
    static String safeId(String key) {
        return key != null && ConsultationSubmission.ID.matcher(key).matches() ? key : "?";
    }
}

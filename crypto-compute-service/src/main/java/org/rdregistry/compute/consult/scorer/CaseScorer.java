package org.rdregistry.compute.consult.scorer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rdregistry.compute.consult.ModelCatalog;
import org.rdregistry.compute.consult.scorer.ScorerMetrics.Reason;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ConsultationVerifier;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.registry.consult.ScoreSet;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;

/**
 * What the scorer does with one entry of {@code consult.cases.v1}: a case in status SUBMITTED whose
 * submission verifies gets every chosen model evaluated ({@link ScoreEvaluator}, deterministic, so the
 * same case always gives byte-identical scores); a tombstone (purge) becomes a scores tombstone; later
 * statuses and the sweeper's key are ignored; anything else is rejected with a reason. Pure: no Kafka.
 */
public final class CaseScorer {

    /** The decision for one entry. */
    public sealed interface Result {
        /** publish this score set */
        record Scored(ScoreSet scores) implements Result {
        }

        /** purged: publish a tombstone for the id */
        record Purged() implements Result {
        }

        /** nothing to do (the sweeper's key, a case past SUBMITTED) */
        record Ignored() implements Result {
        }

        /** no score; the detail names a field or check, never a value */
        record Rejected(Reason reason, String detail) implements Result {
        }
    }

    private final PublicKey jointKey;
    private final ModelCatalog models;
    private final Duration modelWait;

    public CaseScorer(PublicKey jointKey, ModelCatalog models, Duration modelWait) {
        this.jointKey = jointKey;
        this.models = models;
        this.modelWait = modelWait;
    }

    public Result decide(String key, byte[] value) throws InterruptedException {
        if (Topics.CONSULT_SWEEP_KEY.equals(key)) {
            return new Result.Ignored();
        }
        if (key == null) {
            return new Result.Rejected(Reason.MALFORMED, "no key");
        }
        if (value == null) {
            return new Result.Purged();
        }
        ConsultationCase c;
        try {
            c = RegistryJson.mapper().readValue(value, ConsultationCase.class);
        } catch (RuntimeException e) {
            return new Result.Rejected(Reason.MALFORMED, "not a consultation case (" + e.getClass().getSimpleName() + ")");
        }
        if (!key.equals(c.consultationId())) {
            return new Result.Rejected(Reason.KEY_MISMATCH, "key is not the case's consultation id");
        }
        if (c.status() != ConsultationCase.Status.SUBMITTED) {
            return new Result.Ignored();
        }
        return score(c);
    }

    private Result score(ConsultationCase c) throws InterruptedException {
        long deadline = System.nanoTime() + modelWait.toNanos();
        Map<ModelRef, ScoringModel> chosen = new HashMap<>();
        for (ModelRef ref : c.submission().modelRefs()) {
            ScoringModel model = models.await(ref, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (model == null) {
                return new Result.Rejected(Reason.UNKNOWN_MODEL, "model " + ref + " is not published");
            }
            chosen.put(ref, model);
        }
        List<ConsultationVerifier.Problem> problems = new ConsultationVerifier(jointKey, chosen::get).verify(c.submission());
        if (!problems.isEmpty()) {
            ConsultationVerifier.Problem first = problems.get(0);
            return new Result.Rejected(Reason.INVALID_SUBMISSION, problems.size() + " problem(s), first "
                    + first.field() + ": " + first.reason());
        }
        return new Result.Scored(new ScoreSet(c.consultationId(),
                ScoreEvaluator.scores(jointKey.group(), c.submission(), chosen)));
    }
}

package org.rdregistry.registry.consult;

import java.util.List;
import java.util.Objects;

/**
 * The scorer's output on {@code consult.scores.v1} (key = consultation id): every chosen model's score
 * under the joint key, computed with {@link ScoreEvaluator} after the submission verified.
 */
public record ScoreSet(String consultationId, List<ModelScore> scores) {
    public ScoreSet {
        Objects.requireNonNull(consultationId, "consultationId");
        scores = List.copyOf(scores);
    }
}

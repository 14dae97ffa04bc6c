package org.rdregistry.compute.aggregator;

import java.util.Objects;

import org.rdregistry.registry.aggregate.CohortAggregate;

/**
 * The change one records-topic entry makes to its cohort's aggregate, sent through the repartition
 * topic keyed by cohort: {@code difference} is the new record's contribution minus the old one's (a
 * new patient: just the new one; an erasure: minus the old one), and the source position lets the
 * aggregate say which input it covers.
 */
public record CohortDelta(CohortAggregate difference, int sourcePartition, long sourceOffset) {

    public CohortDelta {
        Objects.requireNonNull(difference, "difference");
        if (sourcePartition < 0 || sourceOffset < 0) {
            throw new IllegalArgumentException("source position must not be negative");
        }
    }

    public String cohort() {
        return difference.cohort();
    }
}

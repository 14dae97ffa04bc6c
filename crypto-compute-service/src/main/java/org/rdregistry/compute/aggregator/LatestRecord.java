package org.rdregistry.compute.aggregator;

import java.util.Objects;

import org.rdregistry.registry.aggregate.CohortAggregate;

/**
 * What the aggregator remembers of a patient in a cohort (state store {@code latest-records}): the id
 * of the latest valid record, to recognise a resubmission, and that record's contribution (its
 * ciphertexts summed into a one-record aggregate, without the proofs), to subtract it on update or
 * erasure. Ciphertexts only.
 */
public record LatestRecord(String recordId, CohortAggregate contribution) {

    public LatestRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(contribution, "contribution");
    }
}

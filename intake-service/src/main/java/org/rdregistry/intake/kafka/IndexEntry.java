package org.rdregistry.intake.kafka;

import java.util.Objects;

/**
 * Value of the record index: what record id {@code recordId} was accepted as. {@code key} is the
 * records-topic key, {@code bodySha256} the hex SHA-256 of the canonical submission JSON and
 * {@code hospitalId} the submitting hospital (token subject).
 */
public record IndexEntry(String key, String bodySha256, String hospitalId) {

    public IndexEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(bodySha256, "bodySha256");
        Objects.requireNonNull(hospitalId, "hospitalId");
    }
}

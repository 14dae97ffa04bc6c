package org.rdregistry.intake.kafka;

import java.util.Objects;

/**
 * Value of the record index: what record id {@code recordId} was accepted as. {@code key} is the
 * records-topic key, {@code contentDigest} the hospital's keyed digest of the plaintext content and
 * {@code hospitalId} the submitting hospital (token subject). A submission with the same record id and
 * an equal entry is a replay (its ciphertexts differ, encryption being randomised); any difference is
 * a conflict (docs/api/intake.md, Idempotency).
 */
public record IndexEntry(String key, String contentDigest, String hospitalId) {

    public IndexEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contentDigest, "contentDigest");
        Objects.requireNonNull(hospitalId, "hospitalId");
    }
}

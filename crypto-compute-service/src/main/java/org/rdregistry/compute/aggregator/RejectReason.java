package org.rdregistry.compute.aggregator;

/** Why a records-topic entry was dropped; the tag value of {@code compute_records_rejected_total}. */
public enum RejectReason {
    /** Not a record event (not JSON, wrong shape, invalid wire encoding) or no key. */
    MALFORMED("malformed"),
    /** The key is not {@code <pseudonym>/<cohort>} of the submission it carries. */
    KEY_MISMATCH("key-mismatch"),
    /** Wrong schema version, missing or extra fields, wrong sizes, bad identifiers. */
    INVALID_STRUCTURE("invalid-structure"),
    /** A proof does not verify. */
    INVALID_PROOF("invalid-proof"),
    /** The entry is not on its cohort's partition (written without {@code CohortPartitioner}). */
    WRONG_PARTITION("wrong-partition");

    private final String tag;

    RejectReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}

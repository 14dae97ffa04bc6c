package org.rdregistry.registry.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.rdregistry.registry.topics.Topics;

/**
 * What a hospital submits for one patient in one cohort. Cleartext routing metadata only (brief §4):
 * the record id, the patient pseudonym (CDE 1.1, a keyed hash computed at the hospital), the cohort
 * (ORPHA code, CDE 6.1) and the schema version; everything else is in {@code fields}, encrypted.
 *
 * <p>{@code contentDigest} is a keyed hash (with the hospital's linkage key) of the plaintext content,
 * so that a re-submission of unchanged content is recognised without revealing anything; the record
 * id is derived from it, so changed content gets a new id (an update) and unchanged content the same
 * id (idempotent).
 */
public record RecordSubmission(String recordId, String pseudonym, String cohort, String schemaVersion,
                               String contentDigest, Map<String, EncryptedValue> fields) {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    public static final Pattern PSEUDONYM = Pattern.compile("[A-Za-z0-9_-]{43}");
    public static final Pattern COHORT = Pattern.compile("ORPHA:[1-9][0-9]{0,6}");

    public RecordSubmission {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(pseudonym, "pseudonym");
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(contentDigest, "contentDigest");
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The records-topic key. */
    public String key() {
        return Topics.recordKey(pseudonym, cohort);
    }

    @Override
    public String toString() {
        return "RecordSubmission[" + recordId + ", " + cohort + "]";
    }
}

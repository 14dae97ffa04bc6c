package org.rdregistry.registry.record;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A patient's values for the encrypted fields, as the hospital holds them: a category label per
 * categorical field and an integer per integer field. Exists only at the hospital (and in tests);
 * {@link #toString()} never prints the values.
 */
public record PlaintextRecord(String pseudonym, String cohort, Map<String, Object> values) {

    public PlaintextRecord {
        Objects.requireNonNull(pseudonym, "pseudonym");
        Objects.requireNonNull(cohort, "cohort");
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public String toString() {
        return "PlaintextRecord[" + cohort + ", " + values.size() + " values]";
    }
}

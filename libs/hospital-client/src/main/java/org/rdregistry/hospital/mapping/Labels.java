package org.rdregistry.hospital.mapping;

import java.util.Locale;
import java.util.Map;

/**
 * Maps the labels found in a CSV cell to schema category labels: case-insensitive, spaces and
 * underscores read as hyphens, plus a few common synonyms per field.
 */
final class Labels {

    private static final Map<String, String> YES_NO = Map.of(
            "y", "yes", "true", "yes", "1", "yes",
            "n", "no", "false", "no", "0", "no");

    private static final Map<String, Map<String, String>> SYNONYMS = Map.of(
            "sex", Map.of("f", "female", "m", "male", "indeterminate", "undetermined"),
            "vitalStatus", Map.of("deceased", "dead", "lost", "lost-to-follow-up", "opted-out-of-follow-up", "opted-out"),
            "geneticDiagnosis", Map.of("yes", "confirmed", "no", "not-confirmed", "unknown", "undetermined"),
            "contactConsent", YES_NO,
            "reuseConsent", YES_NO,
            "biosample", YES_NO,
            "disability", Map.of("not-evaluated", "not-assessed"));

    /** The words this client accepts besides the schema labels, for messages ("or f, m"). */
    static String synonymsOf(String field) {
        Map<String, String> m = SYNONYMS.getOrDefault(field, Map.of());
        return String.join(", ", new java.util.TreeSet<>(m.keySet()));
    }

    private Labels() {
    }

    static String canonical(String field, String cell) {
        String s = cell.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
        return SYNONYMS.getOrDefault(field, Map.of()).getOrDefault(s, s);
    }
}

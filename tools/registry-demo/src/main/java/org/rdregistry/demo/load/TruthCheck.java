package org.rdregistry.demo.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compares the final aggregates with the {@link Truth}, item by item, exactly. Pure: the aggregates are
 * seen through {@link Observed}, which the load run backs with ciphertexts and the demo key.
 */
public final class TruthCheck {

    /** A cohort's final aggregate as the check sees it. */
    public interface Observed {

        /** The decrypted value of an item, or null if it cannot be decoded (shown as "?"). */
        Long value(String item);

        /** Whether the item's plaintext is exactly {@code expected} (may be decided without decoding). */
        default boolean matches(String item, long expected) {
            Long v = value(item);
            return v != null && v == expected;
        }
    }

    /** One item whose aggregate differs from the truth. */
    public record Mismatch(String cohort, String item, long expected, Long observed) {
        @Override
        public String toString() {
            return cohort + " " + item + ": expected " + expected + ", aggregate "
                    + (observed == null ? "differs (not decodable)" : observed);
        }
    }

    /**
     * @param lostPerCohort truth count minus aggregate count per cohort (negative: counted more than once)
     * @param lost records missing from the aggregates, summed over cohorts
     * @param duplicated records counted more than once, summed over cohorts
     */
    public record Verdict(List<Mismatch> mismatches, Map<String, Long> lostPerCohort, long lost, long duplicated,
                          List<String> missingCohorts) {
        public boolean pass() {
            return mismatches.isEmpty() && missingCohorts.isEmpty() && lost == 0 && duplicated == 0;
        }
    }

    private TruthCheck() {
    }

    /**
     * @param observed the final aggregate of a cohort, or null if none was received
     */
    public static Verdict check(Truth truth, Function<String, Observed> observed) {
        List<Mismatch> mismatches = new ArrayList<>();
        Map<String, Long> lostPerCohort = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        for (Map.Entry<String, Map<String, Long>> cohort : truth.cohorts().entrySet()) {
            String c = cohort.getKey();
            long expectedCount = cohort.getValue().get(Truth.COUNT);
            Observed o = observed.apply(c);
            if (o == null) {
                missing.add(c);
                lostPerCohort.put(c, expectedCount);
                lost += expectedCount;
                continue;
            }
            Long count = o.value(Truth.COUNT);
            if (count != null) {
                long diff = expectedCount - count;
                lostPerCohort.put(c, diff);
                lost += Math.max(0, diff);
                duplicated += Math.max(0, -diff);
            }
            for (Map.Entry<String, Long> item : cohort.getValue().entrySet()) {
                if (!o.matches(item.getKey(), item.getValue())) {
                    mismatches.add(new Mismatch(c, item.getKey(), item.getValue(), o.value(item.getKey())));
                }
            }
        }
        return new Verdict(List.copyOf(mismatches), lostPerCohort, lost, duplicated, List.copyOf(missing));
    }
}

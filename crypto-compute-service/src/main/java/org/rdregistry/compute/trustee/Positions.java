package org.rdregistry.compute.trustee;

import java.util.Map;
import java.util.stream.Collectors;

/** Input positions ({partition -> next offset}) of cohort aggregates. */
final class Positions {

    private Positions() {
    }

    /** Whether {@code current} covers at least {@code target} on every partition {@code target} names. */
    static boolean atOrBeyond(Map<Integer, Long> current, Map<Integer, Long> target) {
        for (Map.Entry<Integer, Long> e : target.entrySet()) {
            Long have = current.get(e.getKey());
            if (have == null || have < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A stable text form, e.g. {@code 3:17} or {@code 0:4,3:17}, for the ledger and for logs. */
    static String text(Map<Integer, Long> position) {
        return new java.util.TreeMap<>(position).entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }
}

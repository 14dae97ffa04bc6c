package org.rdregistry.demo.aggregates;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** The text shown for one decrypted cohort aggregate. */
public final class AggregateReport {

    private AggregateReport() {
    }

    /**
     * <pre>
     * ORPHA:558: 120 patients
     *   sex                     female: 60, male: 58, undetermined: 1, unknown: 1
     *   onsetMonths             mean 55.2, sd 40.1
     *   input position          records topic partition:next offset 0:45, 1:40, 2:35
     * </pre>
     */
    public static List<String> lines(DecryptedAggregate a) {
        List<String> lines = new java.util.ArrayList<>();
        Long n = a.count();
        lines.add(a.cohort() + ": " + (n == null ? "? (not decodable: encrypted to another key than the demo key?)" : n + " patient" + (n == 1 ? "" : "s")));
        for (Map.Entry<String, Map<String, Long>> h : a.histograms().entrySet()) {
            lines.add(field(h.getKey()) + h.getValue().entrySet().stream()
                    .map(e -> e.getKey() + ": " + value(e.getValue())).collect(Collectors.joining(", ")));
        }
        for (Map.Entry<String, DecryptedAggregate.IntegerSums> i : a.integers().entrySet()) {
            long count = n == null ? 0 : n;
            lines.add(field(i.getKey()) + "mean " + number(i.getValue().mean(count)) + ", sd "
                    + number(i.getValue().standardDeviation(count)));
        }
        lines.add(field("input position") + "records topic partition:next offset " + (a.position().isEmpty() ? "(none)"
                : a.position().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(", "))));
        return lines;
    }

    /** A mean or standard deviation as printed: one decimal, or "-" when undefined (n &lt; 1 or n &lt; 2). */
    public static String number(OptionalDouble d) {
        return d.isPresent() ? String.format(Locale.ROOT, "%.1f", d.getAsDouble()) : "-";
    }

    private static String value(Long v) {
        return v == null ? "?" : Long.toString(v);
    }

    private static String field(String name) {
        return String.format(Locale.ROOT, "  %-24s", name);
    }
}

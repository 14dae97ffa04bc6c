package org.rdregistry.registry.release;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.rdregistry.registry.schema.FieldSpec;

/**
 * The release rule (docs/design/releases.md): what researchers may see of the decoded noisy values of
 * a release. A pure function of public data, shared by stats-service (which applies it) and the
 * independent verifier (which re-applies it and compares), so that both always agree.
 *
 * <ul>
 *   <li>If the noisy count is below k, everything is suppressed: {@code n} is null,
 *       {@code countSuppressed} is true, every cell and numeric summary is null and every slot is
 *       listed in {@code suppressed}.
 *   <li>Otherwise each histogram cell below k is null and listed in {@code suppressed}; sums are never
 *       suppressed on their own (a sum is not a count of people).
 *   <li>Per integer field: mean = noisySum / n + min, standard deviation =
 *       sqrt(max(0, noisySumOfSquares / n - (noisySum / n)^2)) (null without squares). Sums are of
 *       v - min, and the variance does not depend on the shift.
 * </ul>
 *
 * Every number is computed from noisy values only, so the rule is post-processing and costs no privacy.
 */
public final class ReleaseRule {

    /** The default suppression threshold (brief §3). */
    public static final int DEFAULT_K = 11;

    private ReleaseRule() {
    }

    /**
     * @param layout      the release's slot layout
     * @param noisyValues the decoded value of every slot, in layout order
     * @param k           the suppression threshold, at least 1
     */
    public static ReleasedStatistics apply(ReleaseLayout layout, List<Long> noisyValues, int k) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(noisyValues, "noisyValues");
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        if (noisyValues.size() != layout.size()) {
            throw new IllegalArgumentException("expected " + layout.size() + " noisy values, got " + noisyValues.size());
        }
        for (Long v : noisyValues) {
            // not noisyValues.contains(null): immutable lists (List.copyOf, as in Release) throw on that
            if (v == null) {
                throw new IllegalArgumentException("a noisy value is missing");
            }
        }
        long n = noisyValues.get(layout.indexOf("count").orElseThrow());
        boolean countSuppressed = n < k;

        Map<String, Map<String, Long>> histograms = new LinkedHashMap<>();
        Map<String, Long> sums = new LinkedHashMap<>();
        Map<String, Long> squares = new LinkedHashMap<>();
        List<String> suppressed = new ArrayList<>();
        for (int j = 0; j < layout.size(); j++) {
            Slot slot = layout.slots().get(j);
            long v = noisyValues.get(j);
            switch (slot.kind()) {
                case COUNT -> {
                    if (countSuppressed) {
                        suppressed.add(slot.name());
                    }
                }
                case CELL -> {
                    boolean hidden = countSuppressed || v < k;
                    if (hidden) {
                        suppressed.add(slot.name());
                    }
                    histograms.computeIfAbsent(slot.field(), f -> new LinkedHashMap<>())
                            .put(slot.category(), hidden ? null : v);
                }
                case SUM -> {
                    sums.put(slot.field(), v);
                    if (countSuppressed) {
                        suppressed.add(slot.name());
                    }
                }
                case SUM_OF_SQUARES -> {
                    squares.put(slot.field(), v);
                    if (countSuppressed) {
                        suppressed.add(slot.name());
                    }
                }
            }
        }

        Map<String, ReleasedStatistics.NumericSummary> numeric = new LinkedHashMap<>();
        for (FieldSpec spec : layout.schema().fields()) {
            if (spec instanceof FieldSpec.Integer field) {
                numeric.put(field.name(), countSuppressed
                        ? new ReleasedStatistics.NumericSummary(null, null)
                        : summary(field, n, sums.get(field.name()), squares.get(field.name())));
            }
        }
        Map<String, Map<String, Long>> frozen = new LinkedHashMap<>();
        histograms.forEach((field, cells) -> frozen.put(field, Collections.unmodifiableMap(cells)));
        return new ReleasedStatistics(countSuppressed ? null : n, countSuppressed, Collections.unmodifiableMap(frozen),
                Collections.unmodifiableMap(numeric), List.copyOf(suppressed));
    }

    private static ReleasedStatistics.NumericSummary summary(FieldSpec.Integer field, long n, Long sum, Long sumOfSquares) {
        double meanShifted = (double) sum / n;
        Double sd = null;
        if (sumOfSquares != null) {
            double variance = (double) sumOfSquares / n - meanShifted * meanShifted;
            sd = Math.sqrt(Math.max(0.0, variance));
        }
        return new ReleasedStatistics.NumericSummary(meanShifted + field.min(), sd);
    }
}

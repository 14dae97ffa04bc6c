package org.rdregistry.registry.release;

import java.util.Map;

/**
 * What researchers see of a release. Every number is derived from noisy values only. A suppressed
 * value (noisy value below k) is {@code null} and named in {@code suppressed}; if the noisy count is
 * below k, everything is suppressed and only {@code countSuppressed} is true.
 *
 * @param n          the noisy patient count, or null when suppressed
 * @param histograms field -> category -> noisy count (null when that cell is suppressed)
 * @param numeric    integer field -> mean and standard deviation derived from the noisy sums
 * @param suppressed names of the suppressed slots (see {@link Slot#name()})
 */
public record ReleasedStatistics(Long n, boolean countSuppressed, Map<String, Map<String, Long>> histograms,
                                 Map<String, NumericSummary> numeric, java.util.List<String> suppressed) {

    /** Mean and standard deviation in the field's own unit (min added back); null when not derivable. */
    public record NumericSummary(Double mean, Double standardDeviation) {
    }
}

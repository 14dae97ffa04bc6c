package org.rdregistry.stats.api;

import java.util.List;

/**
 * One released cohort in GET /api/v1/cohorts. {@code sizeClass} is a band of the latest noisy count
 * ("&lt;11", "11-49", "50-99", "100-499", "500+" with k = 11), never an exact number.
 */
public record CohortSummary(String orphaCode, String latestReleaseId, String latestReleaseAt, String sizeClass,
                            boolean budgetExhausted) {

    public record Listing(List<CohortSummary> cohorts) {
    }
}

package org.rdregistry.stats.api;

import java.util.List;
import java.util.Map;

import org.rdregistry.registry.release.ReleasedStatistics;

/**
 * The latest release of a cohort as researchers see it (GET /api/v1/cohorts/{orphaCode}/stats and each
 * event of the stream). Every number is a noisy value or derived from noisy values only.
 *
 * @param budgetExhausted whether the cohort's privacy budget cannot pay for another release: this
 *                        release is then the last one
 * @param budgetDetail    why, in words, when exhausted; null otherwise
 */
public record CohortStats(String orphaCode, ReleaseInfo release, Long n, boolean countSuppressed, String sizeClass,
                          Map<String, Map<String, Long>> histograms,
                          Map<String, ReleasedStatistics.NumericSummary> numeric, List<String> suppressed,
                          int suppressionK, Privacy privacy, boolean budgetExhausted, String budgetDetail) {

    /**
     * @param position     the aggregate's input position (records-topic partition to next offset)
     * @param trustees     the trustees whose noise was added (the noise set)
     * @param invalidShareTrustees trustees whose decryption shares failed verification and were excluded
     * @param verification where the full verification record is
     */
    public record ReleaseInfo(String id, String releasedAt, String schemaVersion, Map<Integer, Long> position,
                              List<Integer> trustees, List<Integer> invalidShareTrustees, String verification) {
    }

    /**
     * @param mechanism            {@code discrete-gaussian} or {@code none}
     * @param differentiallyPrivate false for releases without noise (tests and development only)
     * @param sigma2PerUnit        per-trustee noise variance for a slot of sensitivity 1 (exact, "n/d")
     * @param threshold            t: the accounting counts the noise of |S| - (t - 1) trustees only
     * @param cost                 what this release cost (null without noise)
     * @param budget               the cohort's budget now
     */
    public record Privacy(String mechanism, boolean differentiallyPrivate, String sigma2PerUnit, int contributors,
                          int threshold, Cost cost, Budget budget) {
    }

    /** zCDP rho of the zCDP part, epsilon of the pure part, all exact ("n/d"). */
    public record Cost(String zcdpRho, String pureEpsilon, String totalRho) {
    }

    /**
     * @param kind     ZCDP, APPROXIMATE or PURE
     * @param limit    rho or epsilon, exact
     * @param delta    for APPROXIMATE budgets
     * @param spentRho everything spent so far in zCDP, exact
     * @param spentEpsilon for APPROXIMATE budgets, the (epsilon, delta) bound of what was spent
     * @param releasesPaid releases paid from it so far
     */
    public record Budget(String kind, String limit, String delta, String spentRho, Double spentEpsilon,
                         long releasesPaid) {
    }
}

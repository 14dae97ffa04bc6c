package org.rdregistry.stats.api;

import java.time.Instant;
import java.util.List;

import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.release.ReleasedStatistics;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.stats.privacy.PrivacyLedger;
import org.springframework.stereotype.Component;

/** Turns a published release and the cohort's current budget into what researchers see. */
@Component
class StatsMapper {

    private static final long[] SIZE_BOUNDS = {50, 100, 500};

    private final PrivacyLedger ledger;
    private final JointKey key;

    StatsMapper(PrivacyLedger ledger, JointKey key) {
        this.ledger = ledger;
        this.key = key;
    }

    CohortStats stats(Release r) {
        ReleasedStatistics s = r.statistics();
        List<Integer> trustees = r.noiseContributions().stream().map(TrusteeMessage.NoiseContribution::trustee).toList();
        List<Integer> invalid = r.invalidShares().stream().map(i -> i.trusteeIndex()).distinct().sorted().toList();
        CohortStats.ReleaseInfo info = new CohortStats.ReleaseInfo(r.releaseId(),
                Instant.ofEpochMilli(r.releasedAtMillis()).toString(), r.schemaVersion(), r.position(), trustees, invalid,
                "/api/v1/releases/" + r.releaseId() + "/verification");
        boolean noisy = r.noise().mechanism() == NoiseParameters.Mechanism.DISCRETE_GAUSSIAN;
        CohortStats.Privacy privacy = new CohortStats.Privacy(noisy ? "discrete-gaussian" : "none", noisy,
                noisy ? r.noise().sigma2PerUnit().toString() : null, trustees.size(), key.threshold(), cost(r.cost()),
                budget(ledger.accountant(r.cohort())));
        String detail = ledger.exhaustionDetail(r.cohort()).orElse(null);
        return new CohortStats(r.cohort(), info, s.n(), s.countSuppressed(), sizeClass(s, r.suppressionK()),
                s.histograms(), s.numeric(), s.suppressed(), r.suppressionK(), privacy, detail != null, detail);
    }

    CohortSummary summary(Release r) {
        return new CohortSummary(r.cohort(), r.releaseId(), Instant.ofEpochMilli(r.releasedAtMillis()).toString(),
                sizeClass(r.statistics(), r.suppressionK()), ledger.exhausted(r.cohort()));
    }

    /** A band of the noisy count: "&lt;k", then k-49, 50-99, 100-499, 500+ (bands below k merged away). */
    static String sizeClass(ReleasedStatistics s, int k) {
        if (s.countSuppressed() || s.n() == null) {
            return "<" + k;
        }
        long n = s.n();
        long lower = k;
        for (long bound : SIZE_BOUNDS) {
            if (bound <= lower) {
                continue;
            }
            if (n < bound) {
                return lower + "-" + (bound - 1);
            }
            lower = bound;
        }
        return lower + "+";
    }

    private static CohortStats.Cost cost(PrivacyCost c) {
        return c == null ? null
                : new CohortStats.Cost(c.zcdpRho().toString(), c.pureEpsilon().toString(), c.totalRho().toString());
    }

    private static CohortStats.Budget budget(PrivacyAccountant a) {
        PrivacyBudget b = a.budget();
        Double spentEpsilon = b.kind() == PrivacyBudget.Kind.APPROXIMATE ? a.spentEpsilon(b.delta()) : null;
        return new CohortStats.Budget(b.kind().name(), b.limit().toString(), b.delta() == null ? null : b.delta().toString(),
                a.spent().totalRho().toString(), spentEpsilon, a.releases());
    }
}

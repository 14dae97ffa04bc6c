package org.rdregistry.stats.privacy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.stats.kafka.StatsTopics;
import org.rdregistry.service.kafka.TopicFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The privacy budget of every cohort: a {@link PrivacyAccountant} per cohort, persisted on the
 * compacted {@code registry.privacy-budgets.v1} (key = cohort) in the same transaction as the
 * decryption request it pays for, and read back once at start-up before any release. Only this
 * service writes the topic, so after the load the in-memory state is authoritative and is updated when
 * a spend has been committed.
 *
 * <p>The configured budget applies to what was spent so far: raising {@code stats.privacy.budget}
 * lets exhausted cohorts be released again (logged), lowering it stops them.
 */
@Component
public class PrivacyLedger {

    private static final Logger log = LoggerFactory.getLogger(PrivacyLedger.class);

    private final PrivacyBudget budget;
    private final NoisePlan plan;
    private final TopicFollower loader;
    private final Map<String, PrivacyAccountant> accountants = new ConcurrentHashMap<>();

    public PrivacyLedger(PrivacyBudget cohortBudget, NoisePlan plan, ConsumerFactory<?, ?> consumerFactory,
                         StatsTopics topics) {
        this.budget = cohortBudget;
        this.plan = plan;
        this.loader = new TopicFollower(consumerFactory, "stats-budgets", topics.privacyBudgets(),
                TopicFollower.Start.BEGINNING, false, this::load);
    }

    /** Reads every persisted budget; returns when done (false if stopped first). */
    public boolean loadAll() throws InterruptedException {
        loader.start();
        boolean done = loader.awaitCaughtUp();
        if (done) {
            log.info("privacy budgets loaded: {} cohort(s)", accountants.size());
        }
        return done;
    }

    public void stop() {
        loader.stop();
    }

    private void load(ConsumerRecord<String, String> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            accountants.remove(r.key());
            return;
        }
        PrivacyAccountant persisted = RegistryJson.mapper().readValue(r.value(), PrivacyAccountant.class);
        if (!persisted.budget().equals(budget)) {
            log.warn("cohort {}: persisted budget {} differs from the configured {}; the configured one applies to "
                    + "the {} release(s) already paid", r.key(), persisted.budget(), budget, persisted.releases());
        }
        accountants.put(r.key(), new PrivacyAccountant(r.key(), budget, persisted.spent(), persisted.releases()));
    }

    /** The cohort's ledger (a fresh one if nothing was ever spent). */
    public PrivacyAccountant accountant(String cohort) {
        return accountants.getOrDefault(cohort, PrivacyAccountant.open(cohort, budget));
    }

    /** Whether the next release of the cohort cannot be paid for; never true without noise. */
    public boolean exhausted(String cohort) {
        return plan.worstCaseCost().map(cost -> !accountant(cohort).canAfford(cost)).orElse(false);
    }

    /** Why the cohort cannot be released any more, for researchers; empty while it can. */
    public Optional<String> exhaustionDetail(String cohort) {
        if (!exhausted(cohort)) {
            return Optional.empty();
        }
        PrivacyAccountant a = accountant(cohort);
        PrivacyCost next = plan.worstCaseCost().orElseThrow();
        return Optional.of("the privacy budget of cohort " + cohort + " is exhausted: " + a.releases()
                + " release(s) spent rho " + a.spent().totalRho() + " of its " + describe(a.budget())
                + ", and another release would cost rho " + next.totalRho() + "; no further releases will be made, "
                + "the latest release stays available");
    }

    static String describe(PrivacyBudget b) {
        return switch (b.kind()) {
            case ZCDP -> "zCDP budget rho " + b.limit();
            case PURE -> "pure budget epsilon " + b.limit();
            case APPROXIMATE -> "budget epsilon " + b.limit() + " at delta " + b.delta();
        };
    }

    /** Records a spend once its transaction has committed. */
    public void committed(PrivacyAccountant after) {
        accountants.put(after.cohort(), after);
    }
}

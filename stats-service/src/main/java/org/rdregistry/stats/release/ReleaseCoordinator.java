package org.rdregistry.stats.release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.stats.config.StatsProperties;
import org.rdregistry.stats.kafka.ReleasePublisher;
import org.rdregistry.stats.privacy.NoisePlan;
import org.rdregistry.stats.privacy.PrivacyLedger;
import org.rdregistry.stats.view.ReleaseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The release policy and the two-round protocol of docs/design/releases.md.
 *
 * <p><b>Policy.</b> A cohort gets a new release when its latest aggregate's position differs from that
 * of its last release, nothing is in flight for it, {@code stats.release.min-interval} has passed since
 * its previous release started, and its budget can pay for the worst case (t contributors).
 *
 * <p><b>Protocol.</b> Noise request; valid noise contributions (Schnorr proofs checked) from at least t
 * trustees, waiting {@code noise-wait} after the t-th for the others; privacy spend and decryption
 * request in one transaction; shares from the noise set, each verified, invalid ones named and
 * excluded, waiting {@code noise-wait} after the t-th valid one; combination and decoding
 * ({@link Combination}); publication. Anything not finished within {@code timeout} is abandoned; a
 * spent budget stays spent.
 *
 * <p>All state lives on one thread: consumer threads hand messages over, timers run on it too.
 */
@Component
public class ReleaseCoordinator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReleaseCoordinator.class);

    private final StatsProperties.Release config;
    private final ReleaseLayout layout;
    private final JointKey key;
    private final NoisePlan plan;
    private final PrivacyLedger ledger;
    private final ReleasePublisher publisher;
    private final ReleaseChecks checks;
    private final Combination combination;
    private final ReleaseMetrics metrics;
    private final ReleaseView view;
    private final ScheduledExecutorService executor;

    private final Map<String, CohortAggregate> latestAggregate = new HashMap<>();
    private final Map<String, ReleaseRun> inFlight = new HashMap<>();
    private final Map<String, ReleaseRun> runsById = new HashMap<>();
    private final Map<String, Map<Integer, Long>> lastReleased = new HashMap<>();
    private final Map<String, Long> lastStartNanos = new HashMap<>();
    /** Positions that can never be released (too many trustees already used their noise on them). */
    private final Map<String, Map<Integer, Long>> notReleasable = new HashMap<>();
    /** Positions already reported as blocked by the budget, so each is logged and counted once. */
    private final Map<String, Map<Integer, Long>> blockedReported = new HashMap<>();
    private final Set<String> considerScheduled = new HashSet<>();
    private volatile boolean open;

    public ReleaseCoordinator(StatsProperties properties, ReleaseLayout layout, JointKey key, NoisePlan plan,
                              PrivacyLedger ledger, ReleasePublisher publisher, ReleaseChecks checks,
                              Combination combination, ReleaseMetrics metrics, ReleaseView view) {
        this.config = properties.release();
        this.layout = layout;
        this.key = key;
        this.plan = plan;
        this.ledger = ledger;
        this.publisher = publisher;
        this.checks = checks;
        this.combination = combination;
        this.metrics = metrics;
        this.view = view;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stats-release");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts releasing: called once budgets, releases and aggregates have been read. */
    public void open() {
        run(() -> {
            view.latestByCohort().forEach((cohort, p) -> lastReleased.put(cohort, p.release().position()));
            open = true;
            List.copyOf(latestAggregate.keySet()).forEach(this::consider);
        });
    }

    public void onAggregate(String key, CohortAggregate aggregate) {
        run(() -> {
            if (aggregate == null) {
                latestAggregate.remove(key);
                return;
            }
            if (!aggregate.cohort().equals(key)) {
                log.warn("ignoring an aggregate whose cohort differs from its key {}", key);
                return;
            }
            latestAggregate.put(key, aggregate);
            consider(key);
        });
    }

    public void onMessage(TrusteeMessage message) {
        run(() -> {
            ReleaseRun r = runsById.get(message.releaseId());
            if (r == null) {
                log.debug("message of trustee {} for release {} that is not in flight", message.trustee(),
                        message.releaseId());
                return;
            }
            if (message instanceof TrusteeMessage.NoiseContribution c) {
                onNoise(r, c);
            } else if (message instanceof TrusteeMessage.DecryptionShares s) {
                onShares(r, s);
            } else if (message instanceof TrusteeMessage.Refusal refusal) {
                onRefusal(r, refusal);
            }
        });
    }

    // ---- policy

    private void consider(String cohort) {
        if (!open || inFlight.containsKey(cohort)) {
            return;
        }
        CohortAggregate aggregate = latestAggregate.get(cohort);
        if (aggregate == null) {
            return;
        }
        Map<Integer, Long> position = aggregate.position();
        if (position.equals(lastReleased.get(cohort)) || position.equals(notReleasable.get(cohort))) {
            return;
        }
        if (!layout.schema().version().equals(aggregate.schemaVersion())) {
            log.warn("cohort {}: aggregate of schema {} does not fit this service's schema {}; not released", cohort,
                    aggregate.schemaVersion(), layout.schema().version());
            metrics.blocked("schema-mismatch");
            notReleasable.put(cohort, position);
            return;
        }
        Long last = lastStartNanos.get(cohort);
        if (last != null) {
            long wait = last + config.minInterval().toNanos() - System.nanoTime();
            if (wait > 0) {
                scheduleConsider(cohort, wait);
                return;
            }
        }
        if (ledger.exhausted(cohort)) {
            if (!position.equals(blockedReported.get(cohort))) {
                blockedReported.put(cohort, position);
                metrics.blocked("budget-exhausted");
                log.info("cohort {}: privacy budget exhausted, aggregate at position {} not released", cohort, position);
            }
            return;
        }
        start(aggregate);
    }

    private void scheduleConsider(String cohort, long delayNanos) {
        if (considerScheduled.add(cohort)) {
            executor.schedule(guard(() -> {
                considerScheduled.remove(cohort);
                consider(cohort);
            }), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    // ---- round 1: noise

    private void start(CohortAggregate aggregate) {
        String cohort = aggregate.cohort();
        ReleaseRun r = new ReleaseRun("rel-" + UUID.randomUUID(), aggregate, layout.ciphertexts(aggregate),
                plan.parameters(), System.currentTimeMillis(), System.nanoTime());
        lastStartNanos.put(cohort, r.startedNanos);
        inFlight.put(cohort, r);
        runsById.put(r.releaseId, r);
        metrics.inFlight(inFlight.size());
        try {
            publisher.noiseRequest(new ReleaseRequest.Noise(r.releaseId, cohort, aggregate.schemaVersion(),
                    aggregate.position(), r.ciphertexts, r.noise, r.requestedAtMillis));
        } catch (RuntimeException e) {
            abandon(r, "broker", "the noise request could not be published: " + e.getClass().getSimpleName());
            return;
        }
        r.timeout = executor.schedule(guard(() -> onTimeout(r)), config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        log.info("release {} of cohort {} at position {}: noise requested", r.releaseId, cohort, aggregate.position());
    }

    private void onNoise(ReleaseRun r, TrusteeMessage.NoiseContribution c) {
        int trustee = c.trustee();
        if (r.phase != ReleaseRun.Phase.NOISE || r.contributions.containsKey(trustee)) {
            return;
        }
        var failure = checks.checkNoise(r, c);
        if (failure.isPresent()) {
            metrics.invalidNoise(trustee);
            log.warn("release {}: noise contribution of trustee {} dropped (check {})", r.releaseId, trustee,
                    failure.get().check());
        } else {
            r.contributions.put(trustee, c);
        }
        if (key.isIndex(trustee)) {
            r.answered.add(trustee);
        }
        afterNoiseAnswer(r);
    }

    private void afterNoiseAnswer(ReleaseRun r) {
        if (r.answered.size() >= key.participants()) {
            closeNoiseRound(r);
        } else if (r.contributions.size() >= key.threshold() && !r.waitScheduled) {
            r.waitScheduled = true;
            executor.schedule(guard(() -> closeNoiseRound(r)), config.noiseWait().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void closeNoiseRound(ReleaseRun r) {
        if (r.phase != ReleaseRun.Phase.NOISE) {
            return;
        }
        if (r.contributions.size() < key.threshold()) {
            abandon(r, "insufficient-noise", "every trustee answered, only " + r.contributions.size()
                    + " valid noise contribution(s)");
            return;
        }
        List<Integer> noiseSet = List.copyOf(r.contributions.keySet());
        List<TrusteeMessage.NoiseContribution> set = List.copyOf(r.contributions.values());
        PrivacyCost cost = null;
        PrivacyAccountant after = ledger.accountant(r.cohort());
        if (plan.isPrivate()) {
            cost = plan.cost(noiseSet.size());
            if (!after.canAfford(cost)) {
                abandon(r, "budget-exhausted", "the budget cannot pay for this release");
                return;
            }
            after = after.spend(cost);
        }
        r.cost = cost;
        r.budgetAfter = after;
        r.enterShares(noiseSet, checks.noisyCiphertexts(r, set));
        try {
            publisher.spendAndRequestDecryption(plan.isPrivate() ? after : null,
                    new ReleaseRequest.Decrypt(r.releaseId, r.cohort(), r.aggregate.position(), set));
        } catch (RuntimeException e) {
            // the commit may or may not have happened: count the spend, wasting budget rather than overspending
            abandon(r, "broker", "the budget and decryption request could not be committed: "
                    + e.getClass().getSimpleName());
            return;
        } finally {
            if (plan.isPrivate()) {
                ledger.committed(after);
            }
        }
        log.info("release {}: noise from trustees {}, cost {}, decryption requested", r.releaseId, noiseSet,
                cost == null ? "none (no noise)" : "rho " + cost.totalRho());
    }

    // ---- round 2: decryption shares

    private void onShares(ReleaseRun r, TrusteeMessage.DecryptionShares s) {
        int trustee = s.trustee();
        if (r.phase != ReleaseRun.Phase.SHARES) {
            return;
        }
        if (!r.noiseSet.contains(trustee)) {
            log.warn("release {}: shares from trustee {}, which is not in the noise set, ignored", r.releaseId, trustee);
            return;
        }
        if (r.validShares.containsKey(trustee)) {
            return;
        }
        List<InvalidShare> invalid = checks.checkShares(r, s);
        r.answered.add(trustee);
        if (invalid.isEmpty()) {
            r.validShares.put(trustee, s);
        } else {
            r.invalidShares.addAll(invalid);
            metrics.invalidShares(trustee, invalid.size());
            log.warn("release {}: trustee {} sent {} invalid partial decryption(s), excluded (check {})", r.releaseId,
                    trustee, invalid.size(), new TreeSet<>(invalid.stream().map(InvalidShare::check).toList()));
        }
        afterShareAnswer(r);
    }

    private void afterShareAnswer(ReleaseRun r) {
        if (r.answered.containsAll(r.noiseSet)) {
            finishShares(r);
        } else if (r.validShares.size() >= key.threshold() && !r.waitScheduled) {
            r.waitScheduled = true;
            executor.schedule(guard(() -> finishShares(r)), config.noiseWait().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void finishShares(ReleaseRun r) {
        if (r.phase != ReleaseRun.Phase.SHARES) {
            return;
        }
        if (r.validShares.size() < key.threshold()) {
            abandon(r, "insufficient-shares", "the noise set answered with only " + r.validShares.size()
                    + " valid share set(s)");
            return;
        }
        Combination.Outcome outcome = combination.release(r, config.k());
        if (outcome.failure() != null) {
            abandon(r, outcome.failureReason(), outcome.failure());
            return;
        }
        try {
            publisher.release(outcome.release());
        } catch (RuntimeException e) {
            abandon(r, "broker", "the release could not be published: " + e.getClass().getSimpleName());
            return;
        }
        metrics.published(Duration.ofNanos(System.nanoTime() - r.startedNanos));
        lastReleased.put(r.cohort(), r.aggregate.position());
        finish(r);
        log.info("release {} of cohort {} published (trustees {}, {} invalid share(s))", r.releaseId, r.cohort(),
                r.validShares.keySet().stream().limit(key.threshold()).toList(), r.invalidShares.size());
        consider(r.cohort());
    }

    // ---- refusals, timeouts, abandonment

    private void onRefusal(ReleaseRun r, TrusteeMessage.Refusal refusal) {
        int trustee = refusal.trustee();
        if (!key.isIndex(trustee)) {
            return;
        }
        metrics.refusal(trustee, refusal.reason().name());
        log.warn("release {}: trustee {} refused ({})", r.releaseId, trustee, refusal.reason());
        r.refused(trustee, refusal.reason());
        if (r.phase == ReleaseRun.Phase.NOISE && !r.contributions.containsKey(trustee)) {
            r.answered.add(trustee);
            afterNoiseAnswer(r);
        } else if (r.phase == ReleaseRun.Phase.SHARES && r.noiseSet.contains(trustee)
                && !r.validShares.containsKey(trustee)) {
            r.answered.add(trustee);
            afterShareAnswer(r);
        }
    }

    private void onTimeout(ReleaseRun r) {
        if (r.phase != ReleaseRun.Phase.DONE) {
            abandon(r, "timeout", "not complete after " + config.timeout());
        }
    }

    private void abandon(ReleaseRun r, String reason, String why) {
        boolean paid = r.phase == ReleaseRun.Phase.SHARES && plan.isPrivate();
        metrics.abandoned(reason);
        log.warn("release {} of cohort {} abandoned ({}): {}{}", r.releaseId, r.cohort(), reason, why,
                paid ? "; its privacy cost stays spent" : "");
        // trustees that put noise on this aggregate state will refuse it again (each state is released at
        // most once): if too few others remain, wait for the next aggregate instead of retrying
        Set<Integer> used = new TreeSet<>(r.contributions.keySet());
        used.addAll(r.refusals.getOrDefault(TrusteeMessage.Reason.ALREADY_RELEASED, Set.of()));
        if (key.participants() - used.size() < key.threshold()) {
            notReleasable.put(r.cohort(), r.aggregate.position());
            log.warn("cohort {}: aggregate at position {} cannot be released any more; waiting for the next one",
                    r.cohort(), r.aggregate.position());
        }
        finish(r);
        consider(r.cohort());
    }

    private void finish(ReleaseRun r) {
        r.phase = ReleaseRun.Phase.DONE;
        if (r.timeout != null) {
            r.timeout.cancel(false);
        }
        runsById.remove(r.releaseId);
        inFlight.remove(r.cohort(), r);
        metrics.inFlight(inFlight.size());
    }

    // ---- plumbing

    private void run(Runnable task) {
        executor.execute(guard(task));
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("release coordinator task failed", e);
            }
        };
    }

    /** For tests and health: whether releases are being made. */
    public boolean isOpen() {
        return open;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    static List<TrusteeMessage.DecryptionShares> chosen(ReleaseRun r, int threshold) {
        return new ArrayList<>(r.validShares.values()).subList(0, threshold);
    }
}

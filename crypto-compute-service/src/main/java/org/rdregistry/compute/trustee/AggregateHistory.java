package org.rdregistry.compute.trustee;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.rdregistry.registry.aggregate.CohortAggregate;

/**
 * The recent states of every cohort's aggregate as this trustee recomputed them, by input position
 * (in memory, at most {@code perCohort} per cohort, oldest dropped first). Fed by the trustee's Streams
 * topology, read by the request handler, which can wait for a position to be reached.
 *
 * <p>States are fed before their transaction commits; a state that is fed again after a rebalance or
 * a crash is the same state (it is a function of the log prefix), so recording it twice is harmless.
 */
public final class AggregateHistory {

    private final int perCohort;
    private final Map<String, LinkedHashMap<Map<Integer, Long>, CohortAggregate>> states = new HashMap<>();
    private final Map<String, CohortAggregate> latest = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    public AggregateHistory(int perCohort) {
        if (perCohort < 1) {
            throw new IllegalArgumentException("history size must be >= 1");
        }
        this.perCohort = perCohort;
    }

    /** Records a state of a cohort's aggregate. */
    public void record(CohortAggregate aggregate) {
        lock.lock();
        try {
            LinkedHashMap<Map<Integer, Long>, CohortAggregate> cohort = states.computeIfAbsent(aggregate.cohort(),
                    c -> new LinkedHashMap<>());
            cohort.put(new TreeMap<>(aggregate.position()), aggregate);
            while (cohort.size() > perCohort) {
                cohort.remove(cohort.keySet().iterator().next());
            }
            CohortAggregate previous = latest.get(aggregate.cohort());
            if (previous == null || Positions.atOrBeyond(aggregate.position(), previous.position())) {
                latest.put(aggregate.cohort(), aggregate);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The state of {@code cohort} at exactly {@code position}, if it is among the recent ones. */
    public Optional<CohortAggregate> at(String cohort, Map<Integer, Long> position) {
        lock.lock();
        try {
            LinkedHashMap<Map<Integer, Long>, CohortAggregate> cohortStates = states.get(cohort);
            return cohortStates == null ? Optional.empty()
                    : Optional.ofNullable(cohortStates.get(new TreeMap<>(position)));
        } finally {
            lock.unlock();
        }
    }

    /** The furthest state of {@code cohort} seen so far. */
    public Optional<CohortAggregate> latest(String cohort) {
        lock.lock();
        try {
            return Optional.ofNullable(latest.get(cohort));
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a state is recorded or {@code millis} pass; returns at once if {@code millis <= 0}. */
    public void awaitChange(long millis) throws InterruptedException {
        if (millis <= 0) {
            return;
        }
        lock.lock();
        try {
            changed.await(millis, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }
}

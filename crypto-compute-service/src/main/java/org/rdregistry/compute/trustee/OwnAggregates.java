package org.rdregistry.compute.trustee;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.rdregistry.registry.aggregate.CohortAggregate;

/**
 * This trustee's own recomputed aggregate of a cohort at an exact input position: from the recent
 * history, else (after a restart, when the history is empty) the current state in the restored
 * {@code cohort-aggregates} store, which is enough for a cohort that has not changed since. Waits, up
 * to a bound, for the trustee's Streams application to reach the position.
 */
public final class OwnAggregates {

    /** How often the store is asked again while waiting (the history signals changes itself). */
    private static final long RECHECK_MILLIS = 200;

    private final AggregateHistory history;
    private final Function<String, Optional<CohortAggregate>> currentState;

    /**
     * @param currentState the current state of a cohort in the Streams store; empty when the cohort has
     *     none or the store cannot be queried yet (restoring, rebalancing)
     */
    public OwnAggregates(AggregateHistory history, Function<String, Optional<CohortAggregate>> currentState) {
        this.history = history;
        this.currentState = currentState;
    }

    /** What the trustee has for (cohort, position). */
    public sealed interface Lookup {
        /** Its own aggregate at exactly that position. */
        record Found(CohortAggregate aggregate) implements Lookup {
        }

        /** It went past the position without having (or no longer having) the state there. */
        record Passed() implements Lookup {
        }

        /** It did not reach the position within the wait. */
        record NotReached() implements Lookup {
        }
    }

    /** Looks (cohort, position) up, waiting at most {@code wait} for the position to be reached. */
    public Lookup find(String cohort, Map<Integer, Long> position, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<CohortAggregate> exact = history.at(cohort, position);
            if (exact.isPresent()) {
                return new Lookup.Found(exact.get());
            }
            boolean passed = history.latest(cohort).map(a -> Positions.atOrBeyond(a.position(), position)).orElse(false);
            if (!passed) {
                Optional<CohortAggregate> stored = currentState.apply(cohort);
                if (stored.isPresent() && stored.get().position().equals(position)) {
                    history.record(stored.get());
                    return new Lookup.Found(stored.get());
                }
                passed = stored.map(a -> Positions.atOrBeyond(a.position(), position)).orElse(false);
            }
            if (passed) {
                // at or beyond the position without the exact state: re-check once, the state may have
                // been recorded between the two reads
                return history.at(cohort, position).<Lookup>map(Lookup.Found::new).orElseGet(Lookup.Passed::new);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return new Lookup.NotReached();
            }
            history.awaitChange(Math.min(left, RECHECK_MILLIS));
        }
    }
}

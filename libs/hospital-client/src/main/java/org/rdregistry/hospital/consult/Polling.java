package org.rdregistry.hospital.consult;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Asks again at a fixed interval until there is an answer or the time is up. */
final class Polling {

    private Polling() {
    }

    /**
     * @param attempt  one look: empty if not there yet
     * @param notReady the message of the timeout
     */
    static <T> T until(Supplier<Optional<T>> attempt, Duration timeout, Duration interval, Supplier<String> notReady) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = attempt.get();
            if (found.isPresent()) {
                return found.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ConsultationException(ConsultationException.Kind.NOT_READY, notReady.get(), null);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConsultationException(ConsultationException.Kind.NOT_READY, "interrupted while waiting", e);
            }
        }
    }
}

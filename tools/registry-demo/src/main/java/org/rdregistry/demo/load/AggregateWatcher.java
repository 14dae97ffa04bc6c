package org.rdregistry.demo.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PlaintextOutOfRangeException;
import org.rdregistry.demo.aggregates.AggregateTopic;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.databind.JsonNode;

/**
 * Follows the aggregates topic from its end (positions fixed before anything is posted) on its own thread.
 * For every aggregate of one of the run's cohorts it decrypts only the count (small, fast; the full
 * aggregate is kept as bytes for the final check) and records (arrival time, count).
 */
final class AggregateWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> cohorts;
    private final KeyPair key;
    private final ElGamal elgamal;
    private final Thread thread;
    private final Map<String, List<Latencies.Observation>> observations = new HashMap<>();
    private final Map<String, Long> latestCounts = new HashMap<>();
    private final Map<String, byte[]> latestValues = new HashMap<>();
    private int undecodable;
    private RuntimeException failure;
    private volatile boolean stopping;

    /** Subscribes at the current end of every partition; returns once those positions are fixed. */
    AggregateWatcher(String bootstrap, String topic, Set<String> cohorts, KeyPair key, ElGamal elgamal) {
        this.cohorts = Set.copyOf(cohorts);
        this.key = key;
        this.elgamal = elgamal;
        this.consumer = AggregateTopic.consumer(bootstrap, topic);
        try {
            consumer.seekToEnd(consumer.assignment());
            // seekToEnd is lazy: asking for the positions makes it take effect now, before the first POST
            consumer.assignment().forEach(tp -> consumer.position(tp, Duration.ofSeconds(20)));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        this.thread = new Thread(this::run, "aggregate-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.value() != null && cohorts.contains(r.key())) {
                        receive(r.key(), r.value(), System.nanoTime());
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
                notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void receive(String cohort, byte[] value, long nanos) {
        Long count = count(value);
        synchronized (this) {
            latestValues.put(cohort, value);
            if (count == null) {
                undecodable++;
            } else {
                latestCounts.put(cohort, count);
                observations.computeIfAbsent(cohort, c -> new ArrayList<>()).add(new Latencies.Observation(nanos, count));
            }
            notifyAll();
        }
    }

    private Long count(byte[] value) {
        try {
            JsonNode count = RegistryJson.mapper().readTree(value).get("count");
            return count == null ? null : elgamal.decrypt(key, RegistryJson.mapper().treeToValue(count, Ciphertext.class));
        } catch (PlaintextOutOfRangeException | IllegalArgumentException | tools.jackson.core.JacksonException e) {
            return null;
        }
    }

    /**
     * Waits until every cohort's latest count is at least its expected count, the watcher failed, or
     * {@code max} passed; calls {@code progress} about every {@code every} with the number of records seen.
     *
     * @return true if every cohort reached its count
     */
    synchronized boolean awaitCounts(Map<String, Long> expected, Duration max, Duration every,
                                     java.util.function.LongConsumer progress) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long nextProgress = System.nanoTime() + every.toNanos();
        while (!reached(expected)) {
            if (failure != null) {
                throw failure;
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                return false;
            }
            if (now >= nextProgress) {
                progress.accept(seen());
                nextProgress = now + every.toNanos();
            }
            long waitNanos = Math.min(deadline, nextProgress) - now;
            wait(Math.max(1, waitNanos / 1_000_000));
        }
        return true;
    }

    /** Keeps receiving for {@code d} (so late duplicates would still show), then returns. */
    synchronized void settle(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0 && failure == null; left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private boolean reached(Map<String, Long> expected) {
        return expected.entrySet().stream().allMatch(e -> latestCounts.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Records in the run's aggregates so far (sum of the latest counts). */
    synchronized long seen() {
        return latestCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized Map<String, List<Latencies.Observation>> observations() {
        Map<String, List<Latencies.Observation>> copy = new HashMap<>();
        observations.forEach((c, l) -> copy.put(c, List.copyOf(l)));
        return copy;
    }

    synchronized Map<String, byte[]> latestValues() {
        return new HashMap<>(latestValues);
    }

    synchronized int undecodable() {
        return undecodable;
    }

    @Override
    public void close() throws InterruptedException {
        if (stopping) {
            return;
        }
        stopping = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}

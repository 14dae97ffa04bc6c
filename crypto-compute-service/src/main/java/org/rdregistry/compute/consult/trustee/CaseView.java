package org.rdregistry.compute.consult.trustee;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ConsultationVerifier;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trustee's own view of the consultations, in memory only, built from the log: the latest
 * {@link ConsultationCase} per id from {@code consult.cases.v1} and the purged ids from
 * {@code consult.purged.v1} (both read from the beginning at start). A case tombstone is a purge (the
 * design's "tombstone = purged"): the case and everything derived from it are dropped and the id is
 * refused from then on, like an id with a purge marker. Each case carries the trustee's own verification
 * and recomputed scores once computed, kept while the submission stays the same. Thread-safe: the
 * followers write, the request thread reads and waits.
 */
public final class CaseView {

    private static final Logger LOG = LoggerFactory.getLogger(CaseView.class);

    /** The trustee's own verification of a submission and, if it verified, its own scores. */
    public record Recomputation(List<ConsultationVerifier.Problem> problems, Map<ModelRef, Ciphertext> scores) {
        public Recomputation {
            problems = List.copyOf(problems);
            scores = Map.copyOf(scores);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** The latest case of an id, with the slot for its recomputation. */
    public record Entry(ConsultationCase consultation, AtomicReference<Recomputation> recomputation) {
    }

    private final Map<String, Entry> cases = new ConcurrentHashMap<>();
    private final Set<String> purged = ConcurrentHashMap.newKeySet();
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final Object changed = new Object();

    /** Applies one entry of the cases topic. */
    public void applyCase(String key, byte[] value) {
        if (key == null || Topics.CONSULT_SWEEP_KEY.equals(key)) {
            return;
        }
        if (value == null) {
            purge(key);
            return;
        }
        ConsultationCase c;
        try {
            c = RegistryJson.mapper().readValue(value, ConsultationCase.class);
        } catch (RuntimeException e) {
            LOG.warn("Ignored a cases-topic entry that is not a consultation case ({})", e.getClass().getSimpleName());
            return;
        }
        if (!key.equals(c.consultationId())) {
            LOG.warn("Ignored a cases-topic entry whose key is not its consultation id");
            return;
        }
        if (purged.contains(key)) {
            return;   // purged for ever: a late or replayed case is not taken back
        }
        cases.compute(key, (k, before) -> {
            // the recomputation stays valid while the submission is the same (status and lease changes)
            boolean same = before != null && before.consultation().submission().equals(c.submission());
            return new Entry(c, same ? before.recomputation() : new AtomicReference<>());
        });
        if (purged.contains(key)) {
            cases.remove(key);   // purged meanwhile by the other follower
        }
        signal();
    }

    /** Applies one entry of the purged topic: any marker purges the id (a tombstone of a marker does not un-purge). */
    public void applyPurge(String key, byte[] value) {
        if (key == null || Topics.CONSULT_SWEEP_KEY.equals(key) || value == null) {
            return;
        }
        purge(key);
    }

    private void purge(String id) {
        purged.add(id);
        cases.remove(id);
        signal();
    }

    public boolean purged(String id) {
        return purged.contains(id);
    }

    /** The current entry of the id, or null. */
    public Entry entry(String id) {
        return cases.get(id);
    }

    /**
     * Waits until the id has a case or is purged, or until {@code deadline} ({@link System#nanoTime()}).
     *
     * @return the entry, or null if purged or still unknown at the deadline
     */
    public Entry awaitCase(String id, long deadline) throws InterruptedException {
        synchronized (changed) {
            try {
                while (true) {
                    if (purged.contains(id)) {
                        return null;
                    }
                    Entry e = cases.get(id);
                    long left = deadline - System.nanoTime();
                    if (e != null || left <= 0) {
                        return e;
                    }
                    waiting.add(id);
                    TimeUnit.NANOSECONDS.timedWait(changed, left);
                }
            } finally {
                waiting.remove(id);
            }
        }
    }

    /** Whether a request is waiting for this id to appear (health detail and tests). */
    public boolean waitingFor(String id) {
        return waiting.contains(id);
    }

    public int caseCount() {
        return cases.size();
    }

    public int purgedCount() {
        return purged.size();
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }
}

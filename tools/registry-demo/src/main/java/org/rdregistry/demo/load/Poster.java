package org.rdregistry.demo.load;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.rdregistry.hospital.http.BatchResponse;
import org.rdregistry.hospital.http.RecordResult;
import org.rdregistry.hospital.http.RegistryClient;
import org.rdregistry.registry.events.RecordSubmission;

/**
 * Posts pre-encrypted records in list order, in batches, with at most {@code inFlight} requests open.
 * One dispatcher hands out batches in order and stamps each batch's records with the dispatch time, so
 * POST order (and hence each record's rank in its cohort) is the list order. The batch bodies are
 * serialised before the clock starts ({@link #prepare}), like the encryption: the run measures the
 * pipeline, not the generator's JSON writer.
 */
final class Poster {

    /** What happened: per record its POST time (nanoTime, 0 if never posted), and intake's answers. */
    record Result(long[] postNanos, int accepted, int duplicates, int posted, RuntimeException failure) {
    }

    private final RegistryClient client;
    private final int batchSize;
    private final int inFlight;
    private final AtomicInteger answered = new AtomicInteger();

    Poster(RegistryClient client, int batchSize, int inFlight) {
        this.client = client;
        this.batchSize = batchSize;
        this.inFlight = inFlight;
    }

    /** Records answered by intake so far (for progress). */
    int answered() {
        return answered.get();
    }

    /** The JSON bodies of the batches, in order. */
    List<byte[]> prepare(List<RecordSubmission> records) {
        List<byte[]> bodies = new java.util.ArrayList<>();
        for (int from = 0; from < records.size(); from += batchSize) {
            bodies.add(RegistryClient.batchBody(records.subList(from, Math.min(records.size(), from + batchSize))));
        }
        return bodies;
    }

    Result post(List<RecordSubmission> records, List<byte[]> bodies) throws InterruptedException {
        long[] postNanos = new long[records.size()];
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Semaphore permits = new Semaphore(inFlight);
        ExecutorService pool = Executors.newFixedThreadPool(inFlight, r -> {
            Thread t = new Thread(r, "poster");
            t.setDaemon(true);
            return t;
        });
        int posted = 0;
        try {
            for (int from = 0; from < records.size() && failure.get() == null; from += batchSize) {
                permits.acquire();
                if (failure.get() != null) {
                    permits.release();
                    break;
                }
                int to = Math.min(records.size(), from + batchSize);
                int batchIndex = from / batchSize;
                int batchRecords = to - from;
                long now = System.nanoTime();
                for (int i = from; i < to; i++) {
                    postNanos[i] = now;
                }
                posted = to;
                pool.execute(() -> {
                    try {
                        BatchResponse response = client.submitBatch(bodies.get(batchIndex));
                        for (RecordResult r : response.results()) {
                            if (r.duplicate()) {
                                duplicates.incrementAndGet();
                            } else if (r.accepted()) {
                                accepted.incrementAndGet();
                            }
                        }
                        answered.addAndGet(batchRecords);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        permits.release();
                    }
                });
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.HOURS);
        }
        return new Result(postNanos, accepted.get(), duplicates.get(), posted, failure.get());
    }
}

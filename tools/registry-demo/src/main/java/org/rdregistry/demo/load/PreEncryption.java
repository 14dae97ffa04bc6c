package org.rdregistry.demo.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import org.rdregistry.hospital.pseudonym.RecordIds;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;

/** Encrypts and proves every record before the run starts, on {@code threads} threads, timing it. */
final class PreEncryption {

    /** A record to send: its plaintext and keyed ids. */
    record Planned(PlaintextRecord plaintext, RecordIds ids) {
    }

    /**
     * @param cpuNanos CPU time of the encrypting threads, or -1 where the JVM cannot measure it
     */
    record Result(List<RecordSubmission> submissions, long wallNanos, long cpuNanos, int threads) {

        /** Wall time per record (what a hospital waits with this many threads). */
        double wallMillisPerRecord() {
            return wallNanos / 1e6 / submissions.size();
        }

        /** Wall x threads / N: the thread time per record (an upper bound of the CPU cost). */
        double threadMillisPerRecord() {
            return wallNanos / 1e6 * threads / submissions.size();
        }

        double cpuMillisPerRecord() {
            return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e6 / submissions.size();
        }
    }

    private PreEncryption() {
    }

    static Result encrypt(RecordEncryptor encryptor, List<Planned> plan, int threads, IntConsumer progress)
            throws InterruptedException {
        RecordSubmission[] out = new RecordSubmission[plan.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong cpu = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean measureCpu = mx.isCurrentThreadCpuTimeSupported();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "encrypt");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                long cpuStart = measureCpu ? mx.getCurrentThreadCpuTime() : 0;
                try {
                    for (int i = next.getAndIncrement(); i < out.length && failure.get() == null; i = next.getAndIncrement()) {
                        Planned p = plan.get(i);
                        out[i] = encryptor.encrypt(p.ids().recordId(), p.ids().contentDigest(), p.plaintext());
                        done.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    if (measureCpu) {
                        cpu.addAndGet(mx.getCurrentThreadCpuTime() - cpuStart);
                    }
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
            progress.accept(done.get());
        }
        long wall = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Result(Arrays.asList(out), wall, measureCpu ? cpu.get() : -1, threads);
    }
}

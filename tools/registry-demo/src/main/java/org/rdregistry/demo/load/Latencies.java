package org.rdregistry.demo.load;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency arithmetic of the load benchmark (pure functions, unit-tested).
 *
 * <p>Definition: a record's <em>rank</em> is its position among its cohort's records in POST order
 * (1 = posted first). Its latency is the time from its POST until the client first receives an aggregate
 * of its cohort whose decrypted count is at least its rank. Aggregates of the run's cohorts start empty,
 * so a count of r means that r of the cohort's records are in; since the first r records posted are the
 * only ones that can have been posted by the time record r was, that moment is never before record r's
 * POST (latency &ge; 0). If the pipeline keeps each cohort's POST order it is exactly the moment record r
 * became visible; otherwise it is the moment the cohort caught up with it.
 */
public final class Latencies {

    /** One aggregate received: when (nanoTime) and its decrypted count. */
    public record Observation(long nanos, long count) {
    }

    /** One record as posted: its cohort, its rank in the cohort and its POST time (nanoTime). */
    public record Posted(String cohort, int rank, long postNanos) {
    }

    private Latencies() {
    }

    /** The rank of each record in its cohort, for cohorts listed in POST order. */
    public static int[] ranks(List<String> cohortsInPostOrder) {
        Map<String, Integer> seen = new HashMap<>();
        int[] ranks = new int[cohortsInPostOrder.size()];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = seen.merge(cohortsInPostOrder.get(i), 1, Integer::sum);
        }
        return ranks;
    }

    /**
     * The latency of each record in nanoseconds, or -1 if no aggregate of its cohort ever reached its rank.
     *
     * @param observations per cohort, in arrival order
     */
    public static long[] latencies(List<Posted> posted, Map<String, List<Observation>> observations) {
        Map<String, long[]> firstReach = new HashMap<>();
        for (Map.Entry<String, List<Observation>> e : observations.entrySet()) {
            firstReach.put(e.getKey(), firstTimeAtLeast(e.getValue()));
        }
        long[] out = new long[posted.size()];
        for (int i = 0; i < out.length; i++) {
            Posted p = posted.get(i);
            long[] reach = firstReach.get(p.cohort());
            out[i] = reach == null || p.rank() >= reach.length || reach[p.rank()] == Long.MIN_VALUE
                    ? -1 : reach[p.rank()] - p.postNanos();
        }
        return out;
    }

    /** reach[c] = the first arrival time with count &ge; c (Long.MIN_VALUE if none), c = 0 .. max count. */
    static long[] firstTimeAtLeast(List<Observation> observations) {
        long max = observations.stream().mapToLong(Observation::count).max().orElse(0);
        long[] reach = new long[(int) Math.max(0, Math.min(max, Integer.MAX_VALUE - 8)) + 1];
        Arrays.fill(reach, Long.MIN_VALUE);
        int filled = 0;   // reach[0..filled] are set
        reach[0] = observations.isEmpty() ? Long.MIN_VALUE : observations.get(0).nanos();
        for (Observation o : observations) {
            while (filled < o.count() && filled + 1 < reach.length) {
                reach[++filled] = o.nanos();
            }
        }
        return reach;
    }

    /**
     * The p-th percentile (0 &lt; p &le; 100) by the nearest-rank method: the smallest value with at least p %
     * of the values at or below it. {@code sorted} must be ascending and non-empty.
     */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    /**
     * Throughput: records per second between the first POST and the moment the last cohort's aggregate
     * reached its final count.
     */
    public static double recordsPerSecond(int records, long firstPostNanos, long lastAggregateNanos) {
        long span = lastAggregateNanos - firstPostNanos;
        return span <= 0 ? Double.NaN : records * 1e9 / span;
    }
}

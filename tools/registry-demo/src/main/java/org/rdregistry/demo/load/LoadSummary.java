package org.rdregistry.demo.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The summary block of a load run, meant to be pasted into the README as it is. */
record LoadSummary(int records, int cohorts, int batchSize, int inFlight, double recordsPerSecond, double spanSeconds,
                   PreEncryption.Result encryption, long[] latencyNanos, TruthCheck.Verdict verdict, int items,
                   String machine) {

    List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add("=== registry pipeline load run ===");
        l.add(row("records", records + " over " + cohorts + " fresh cohort" + (cohorts == 1 ? "" : "s")
                + ", batches of " + batchSize + ", " + inFlight + " in flight"));
        l.add(row("machine", machine));
        l.add(row("throughput", Double.isNaN(recordsPerSecond) ? "n/a (not every record reached its aggregate)"
                : f("%.1f records/s (first POST to last aggregate: %.1f s)", recordsPerSecond, spanSeconds)));
        l.add(row("client encryption", f("%.1f ms per record (wall x threads / N)", encryption.threadMillisPerRecord())
                + (Double.isNaN(encryption.cpuMillisPerRecord()) ? ""
                : f(", measured CPU %.1f ms per record", encryption.cpuMillisPerRecord()))
                + f("; %.1f ms wall per record on %d thread%s", encryption.wallMillisPerRecord(), encryption.threads(),
                encryption.threads() == 1 ? "" : "s")));
        long[] reached = Arrays.stream(latencyNanos).filter(x -> x >= 0).sorted().toArray();
        if (reached.length == 0) {
            l.add(row("latency", "n/a (no record reached its aggregate)"));
        } else {
            l.add(row("latency POST->aggr.", "p50 " + ms(Latencies.percentile(reached, 50)) + ", p95 "
                    + ms(Latencies.percentile(reached, 95)) + ", p99 " + ms(Latencies.percentile(reached, 99))
                    + ", max " + ms(reached[reached.length - 1])
                    + (reached.length < latencyNanos.length ? " (" + reached.length + " of " + latencyNanos.length
                    + " records reached)" : "")));
        }
        l.add(row("verdict", verdict.pass()
                ? f("PASS: all %d items of every cohort (count, histogram cells, sums, sums of squares) equal the truth; "
                + "0 lost, 0 duplicated", items)
                : f("FAIL: %d lost, %d duplicated, %d items differ, %d cohorts without aggregate", verdict.lost(),
                verdict.duplicated(), verdict.mismatches().size(), verdict.missingCohorts().size())));
        return l;
    }

    static String ms(long nanos) {
        return f("%.0f ms", nanos / 1e6);
    }

    private static String row(String name, String value) {
        return f("%-20s %s", name, value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

package org.rdregistry.crypto.elgamal;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;

/**
 * Recovers a small integer m from mG by baby-step giant-step (spec §2.3).
 *
 * <p>The baby-step table holds jG for 0 &lt; j &le; T keyed by 64 bits of the affine x-coordinate;
 * since -jG shares x with jG, a hit stands for +j or -j and the y parity decides which, so one table
 * serves the window [-T, T] and the giant step is S = (2T+1)G. The first look-up at M covers [-T, T];
 * then a walk subtracts S from M up to the positive bound, and only then a walk adds S down to the
 * negative bound, so non-negative values (every aggregate) never pay for the negative search. Giant steps are
 * taken in batches and normalised together (one field inversion per batch). A candidate is
 * confirmed with a full multiplication before it is returned, so a truncated-key collision can cost
 * time but never yield a wrong number.
 *
 * <p>The table is built lazily on first use, once, and shared by all threads.
 */
public final class DiscreteLog {

    /** Baby steps of the shared default table. */
    public static final int DEFAULT_BABY_STEPS = 1 << 20;
    /** Largest |m| the shared default instance decodes. */
    public static final long DEFAULT_MAX_ABS = 1L << 32;

    private static final int BATCH = 64;
    private static final Map<GroupContext, DiscreteLog> SHARED = new ConcurrentHashMap<>();

    private final GroupContext group;
    private final int babySteps;
    private final long maxAbs;
    private final long stepWidth;
    private volatile Table table;

    /**
     * @param babySteps T, the table size (memory about 24·T bytes)
     * @param maxAbs the largest |m| accepted; larger values raise {@link PlaintextOutOfRangeException}
     */
    public DiscreteLog(GroupContext group, int babySteps, long maxAbs) {
        this.group = Objects.requireNonNull(group, "group");
        if (babySteps < 1 || babySteps > (1 << 26)) {
            throw new IllegalArgumentException("babySteps must be in [1, 2^26]");
        }
        if (maxAbs < 0 || maxAbs > (1L << 40)) {
            throw new IllegalArgumentException("maxAbs must be in [0, 2^40]");
        }
        this.babySteps = babySteps;
        this.maxAbs = maxAbs;
        this.stepWidth = 2L * babySteps + 1;
    }

    /** The shared instance for a context: T = 2^20, |m| &le; 2^32. */
    public static DiscreteLog shared(GroupContext group) {
        return SHARED.computeIfAbsent(group, g -> new DiscreteLog(g, DEFAULT_BABY_STEPS, DEFAULT_MAX_ABS));
    }

    public long maxAbs() {
        return maxAbs;
    }

    /** Builds the table now instead of on first use (for services that want a warm start). */
    public void warmUp() {
        table();
    }

    /**
     * Returns m with mG = point and |m| &le; maxAbs.
     *
     * @throws PlaintextOutOfRangeException when no such m exists
     */
    public long solve(ECPoint point) {
        ECPoint m = group.requireOnCurve(point, true).normalize();
        if (m.isInfinity()) {
            return 0;
        }
        Table t = table();
        long maxSteps = (maxAbs + babySteps) / stepWidth + 1;
        // The first giant step already covers [-T, T], so small values of either sign (DP noise included)
        // are found at once. Larger values are searched upwards first (aggregates are sums of
        // non-negative values), then downwards.
        Long found = walk(t, m, maxSteps, false);
        if (found == null) {
            found = walk(t, m.add(t.giantStep), maxSteps - 1, true);
        }
        if (found != null) {
            return found;
        }
        throw new PlaintextOutOfRangeException("plaintext outside the decodable range [-" + maxAbs + ", " + maxAbs + "]");
    }

    /**
     * Giant steps from {@code start}: start - kS (upwards) or start + kS (downwards, where start already
     * is M + S), k = 0 .. steps, normalised in batches.
     */
    private Long walk(Table t, ECPoint start, long steps, boolean downwards) {
        ECPoint current = start;
        ECPoint m = downwards ? start.subtract(t.giantStep).normalize() : start;
        ECPoint[] batch = new ECPoint[BATCH];
        for (long k0 = 0; k0 <= steps; k0 += BATCH) {
            int n = (int) Math.min(BATCH, steps - k0 + 1);
            for (int i = 0; i < n; i++) {
                batch[i] = current;
                current = downwards ? current.add(t.giantStep) : current.subtract(t.giantStep);
            }
            group.curve().normalizeAll(batch, 0, n, null);
            for (int i = 0; i < n; i++) {
                Long j = lookup(t, batch[i]);
                if (j != null) {
                    long k = k0 + i + (downwards ? 1 : 0);
                    long candidate = (downwards ? -k : k) * stepWidth + j;
                    if (confirm(candidate, m)) {
                        return candidate;
                    }
                }
            }
        }
        return null;
    }

    private boolean confirm(long candidate, ECPoint m) {
        if (Math.abs(candidate) > maxAbs) {
            return false;
        }
        return group.multiplyG(BigInteger.valueOf(candidate)).equals(m);
    }

    /** The signed baby step j with jG = p, or null. */
    private static Long lookup(Table t, ECPoint p) {
        if (p.isInfinity()) {
            return 0L;
        }
        long key = xKey(p);
        int v = t.get(key);
        if (v == 0) {
            return null;
        }
        long j = (v - 1) >>> 1;
        boolean parity = ((v - 1) & 1) == 1;
        boolean actual = p.getAffineYCoord().testBitZero();
        return parity == actual ? j : -j;
    }

    private static long xKey(ECPoint normalized) {
        byte[] x = normalized.getAffineXCoord().getEncoded();
        long key = 0;
        for (int i = x.length - 8; i < x.length; i++) {
            key = (key << 8) | (x[i] & 0xff);
        }
        return key;
    }

    private Table table() {
        Table t = table;
        if (t == null) {
            synchronized (this) {
                t = table;
                if (t == null) {
                    t = build();
                    table = t;
                }
            }
        }
        return t;
    }

    private Table build() {
        ECCurve curve = group.curve();
        ECPoint g = group.generator();
        Table t = new Table(babySteps, group.multiplyG(BigInteger.valueOf(stepWidth)).normalize());
        int chunk = 4096;
        ECPoint[] points = new ECPoint[chunk];
        ECPoint current = curve.getInfinity();
        for (int j0 = 1; j0 <= babySteps; j0 += chunk) {
            int n = Math.min(chunk, babySteps - j0 + 1);
            for (int i = 0; i < n; i++) {
                current = current.add(g);
                points[i] = current;
            }
            curve.normalizeAll(points, 0, n, null);
            for (int i = 0; i < n; i++) {
                long j = j0 + i;
                int parity = points[i].getAffineYCoord().testBitZero() ? 1 : 0;
                t.put(xKey(points[i]), (int) (2 * j + parity) + 1);
            }
            current = points[n - 1];
        }
        return t;
    }

    /** Open-addressing map from 64-bit keys to non-zero ints; written once, then read-only. */
    private static final class Table {
        final long[] keys;
        final int[] values;
        final int mask;
        final ECPoint giantStep;

        Table(int entries, ECPoint giantStep) {
            int capacity = Integer.highestOneBit(Math.max(4, entries * 2 - 1)) << 1;
            keys = new long[capacity];
            values = new int[capacity];
            mask = capacity - 1;
            this.giantStep = giantStep;
        }

        void put(long key, int value) {
            int i = mix(key) & mask;
            while (values[i] != 0) {
                if (keys[i] == key) {
                    // Two baby steps sharing 64 bits of x: keep the first; confirm() catches misses.
                    return;
                }
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
        }

        int get(long key) {
            int i = mix(key) & mask;
            while (values[i] != 0) {
                if (keys[i] == key) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            return 0;
        }

        private static int mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}

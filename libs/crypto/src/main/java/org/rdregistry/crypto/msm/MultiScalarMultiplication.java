package org.rdregistry.crypto.msm;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Multi-scalar multiplication Σ k_i·P_i by Pippenger's bucket method (spec §3.5.4), for public
 * scalars and points only (variable time).
 *
 * <p>BouncyCastle supplies the curve and field arithmetic (point addition and doubling, batch
 * normalisation, field multiplication and inversion); the algorithm above it is here:
 * <ol>
 *   <li>zero scalars and points at infinity are dropped; a negative scalar k is replaced by |k| on the
 *       negated point, so that short negative weights stay short; scalars of magnitude ≥ n are
 *       reduced mod n;</li>
 *   <li>all points are brought to affine form with one field inversion
 *       ({@link ECCurve#normalizeAll});</li>
 *   <li>each scalar is recoded into signed c-bit digits in [-2^(c-1), 2^(c-1)], which halves the
 *       number of buckets; a scalar contributes only to as many windows as its own length needs, so
 *       128-bit batch weights cost half the work of 256-bit scalars;</li>
 *   <li>the window width c minimises a cost model: Σ_i windows_i bucket additions plus
 *       windows·2^c additions for the bucket sums;</li>
 *   <li>for P-256 and secp256k1 the buckets are filled, reduced and summed in affine coordinates with
 *       batched inversions ({@link AffinePippenger}); for any other curve the buckets are BouncyCastle
 *       points filled by mixed additions;</li>
 *   <li>windows are independent and may be processed in parallel on
 *       {@link ForkJoinPool#commonPool()}; the window sums are combined by Horner's rule.</li>
 * </ol>
 *
 * <p>Not for secret scalars: the memory access pattern and running time depend on the scalars.
 */
public final class MultiScalarMultiplication {

    /** Below this many points the parallel split costs more than it saves. */
    static final int PARALLEL_THRESHOLD = 256;
    private static final int MAX_WINDOW = 16;
    /** Bucket sums with BouncyCastle points: general additions, about 10% dearer than mixed ones. */
    private static final double PROJECTIVE_BUCKET_SUM_WEIGHT = 1.1;
    /** Affine bucket sums batch only one addition per window per step, so the inversion weighs more. */
    private static final double AFFINE_BUCKET_SUM_WEIGHT = 1.5;

    /** How to use the available processors. */
    public enum Parallelism {
        /** Everything on the calling thread. */
        SEQUENTIAL,
        /** Windows are summed on {@link ForkJoinPool#commonPool()} when the input is large enough. */
        AUTO
    }

    private MultiScalarMultiplication() {
    }

    /** Σ k_i·P_i, in parallel when worthwhile. */
    public static ECPoint compute(ECCurve curve, ECPoint[] points, BigInteger[] scalars) {
        return compute(curve, points, scalars, Parallelism.AUTO);
    }

    /**
     * Σ k_i·P_i. Points must lie on {@code curve} (they are not validated here; callers validate what
     * they decode); the point at infinity is allowed. Scalars may be negative or larger than the
     * group order.
     *
     * @return the sum, normalised (affine), possibly the point at infinity
     */
    public static ECPoint compute(ECCurve curve, ECPoint[] points, BigInteger[] scalars, Parallelism parallelism) {
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(parallelism, "parallelism");
        if (points.length != scalars.length) {
            throw new IllegalArgumentException("points and scalars differ in length");
        }
        BigInteger order = curve.getOrder();
        int n = 0;
        ECPoint[] pts = new ECPoint[points.length];
        BigInteger[] ks = new BigInteger[points.length];
        for (int i = 0; i < points.length; i++) {
            ECPoint p = Objects.requireNonNull(points[i], "point");
            BigInteger k = Objects.requireNonNull(scalars[i], "scalar");
            if (p.getCurve() != curve && !curve.equals(p.getCurve())) {
                throw new IllegalArgumentException("point on another curve");
            }
            if (order != null && k.abs().compareTo(order) >= 0) {
                k = k.mod(order);
            }
            if (k.signum() == 0 || p.isInfinity()) {
                continue;
            }
            if (k.signum() < 0) {
                p = p.negate();
                k = k.negate();
            }
            pts[n] = p;
            ks[n] = k;
            n++;
        }
        if (n == 0) {
            return curve.getInfinity();
        }
        if (n < pts.length) {
            pts = Arrays.copyOf(pts, n);
            ks = Arrays.copyOf(ks, n);
        }
        curve.normalizeAll(pts);
        return pippenger(curve, pts, ks, parallelism == Parallelism.AUTO && n >= PARALLEL_THRESHOLD
                && ForkJoinPool.getCommonPoolParallelism() >= 1);
    }

    /** Σ k_i·P_i by one multiplication per term: the reference the tests compare against. */
    public static ECPoint naive(ECCurve curve, ECPoint[] points, BigInteger[] scalars) {
        if (points.length != scalars.length) {
            throw new IllegalArgumentException("points and scalars differ in length");
        }
        BigInteger order = curve.getOrder();
        ECPoint acc = curve.getInfinity();
        for (int i = 0; i < points.length; i++) {
            acc = acc.add(points[i].multiply(scalars[i].mod(order)));
        }
        return acc.normalize();
    }

    private static ECPoint pippenger(ECCurve curve, ECPoint[] pts, BigInteger[] ks, boolean parallel) {
        return pippenger(curve, pts, ks, parallel, RawField.forCurve(curve));
    }

    /** Pippenger with the affine batched bucket phase when {@code field} is not null, else on BouncyCastle points. */
    static ECPoint pippenger(ECCurve curve, ECPoint[] pts, BigInteger[] ks, boolean parallel, RawField field) {
        int n = pts.length;
        int[] bits = new int[n];
        int maxBits = 0;
        for (int i = 0; i < n; i++) {
            bits[i] = ks[i].bitLength();
            maxBits = Math.max(maxBits, bits[i]);
        }
        int c = windowBits(bits, field != null ? AFFINE_BUCKET_SUM_WEIGHT : PROJECTIVE_BUCKET_SUM_WEIGHT);
        // one extra window for the carry of the signed recoding
        int windows = maxBits / c + 1;
        int[][] digits = new int[windows][n];
        for (int i = 0; i < n; i++) {
            recode(ks[i], c, digits, i);
        }
        if (field != null) {
            return AffinePippenger.compute(curve, field, pts, digits, c, parallel);
        }
        ECPoint[] negated = new ECPoint[n];
        for (int i = 0; i < n; i++) {
            negated[i] = pts[i].negate();
        }
        ECPoint[] windowSums = new ECPoint[windows];
        IntStream range = IntStream.range(0, windows);
        if (parallel) {
            range = range.parallel();
        }
        range.forEach(w -> windowSums[w] = windowSum(curve, pts, negated, digits[w], c));
        ECPoint acc = windowSums[windows - 1];
        for (int w = windows - 2; w >= 0; w--) {
            acc = acc.timesPow2(c).add(windowSums[w]);
        }
        return acc.normalize();
    }

    /** Σ_i d_i·P_i for one window: fill 2^(c-1) buckets, then sum them with a running sum. */
    private static ECPoint windowSum(ECCurve curve, ECPoint[] pts, ECPoint[] negated, int[] digits, int c) {
        ECPoint[] buckets = new ECPoint[1 << (c - 1)];
        int top = -1;
        for (int i = 0; i < digits.length; i++) {
            int d = digits[i];
            if (d == 0) {
                continue;
            }
            int b;
            ECPoint p;
            if (d > 0) {
                b = d - 1;
                p = pts[i];
            } else {
                b = -d - 1;
                p = negated[i];
            }
            ECPoint cur = buckets[b];
            buckets[b] = cur == null ? p : cur.add(p);
            if (b > top) {
                top = b;
            }
        }
        ECPoint infinity = curve.getInfinity();
        if (top < 0) {
            return infinity;
        }
        // Σ_b (b+1)·B_b = Σ_b running_b where running_b = Σ_{j >= b} B_j.
        ECPoint running = infinity;
        ECPoint sum = infinity;
        for (int b = top; b >= 0; b--) {
            if (buckets[b] != null) {
                running = running.add(buckets[b]);
            }
            sum = sum.add(running);
        }
        return sum;
    }

    /**
     * Writes the signed base-2^c digits of k (k ≥ 0) into column {@code index} of {@code digits}:
     * k = Σ_w d_w·2^(c·w) with d_w in [-2^(c-1), 2^(c-1)].
     */
    static void recode(BigInteger k, int c, int[][] digits, int index) {
        int[] words = toWords(k);
        int full = 1 << c;
        int half = full >>> 1;
        int carry = 0;
        int len = k.bitLength();
        for (int w = 0; w < digits.length; w++) {
            int pos = w * c;
            int raw = pos < len ? extract(words, pos, c) : 0;
            raw += carry;
            if (raw > half) {
                digits[w][index] = raw - full;
                carry = 1;
            } else {
                digits[w][index] = raw;
                carry = 0;
            }
        }
        if (carry != 0) {
            throw new IllegalStateException("digit array too short");
        }
    }

    /** Little-endian 32-bit words of a non-negative integer. */
    private static int[] toWords(BigInteger k) {
        byte[] be = k.toByteArray();
        int[] words = new int[(be.length + 3) / 4 + 1];
        for (int i = 0; i < be.length; i++) {
            int byteIndex = be.length - 1 - i;
            words[i >>> 2] |= (be[byteIndex] & 0xff) << (8 * (i & 3));
        }
        return words;
    }

    private static int extract(int[] words, int pos, int c) {
        int word = pos >>> 5;
        int shift = pos & 31;
        long v = words[word] & 0xffffffffL;
        if (word + 1 < words.length) {
            v |= (words[word + 1] & 0xffffffffL) << 32;
        }
        return (int) ((v >>> shift) & ((1L << c) - 1));
    }

    /**
     * The window width minimising the estimated cost in point additions: every non-zero digit costs
     * one bucket addition, and every window costs 2^c additions for its bucket sum, weighted against
     * a bucket addition (see the weight constants).
     */
    static int windowBits(int[] scalarBits, double bucketSumWeight) {
        int maxBits = 0;
        for (int b : scalarBits) {
            maxBits = Math.max(maxBits, b);
        }
        int best = 1;
        double bestCost = Double.MAX_VALUE;
        for (int c = 1; c <= MAX_WINDOW; c++) {
            double fills = 0;
            for (int b : scalarBits) {
                fills += b / c + 1;
            }
            double cost = fills + (maxBits / c + 1) * bucketSumWeight * (1 << c);
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }
}

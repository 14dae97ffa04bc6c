package org.rdregistry.crypto.msm;

import java.util.Arrays;

import org.bouncycastle.math.raw.Nat256;

/**
 * Many independent affine point additions at once, sharing one field inversion by Montgomery's
 * trick (spec §3.5.4): each addition then costs about 5 multiplications and 1 squaring, against
 * about 11 for a mixed Jacobian addition. Handles every special case exactly: P + P (tangent
 * slope), P + (-P) = O, so it is correct for arbitrary, even adversarial, inputs.
 *
 * <p>Points are pairs of raw coordinate arrays (see {@link RawField}); the point at infinity is
 * never an input and is returned as null coordinates. An adder made {@link #inPlace() in place} writes
 * each sum into its first operand's arrays (the caller owns them and needs the operands no more),
 * otherwise inputs are never modified and every result is a fresh array. One instance per thread (it
 * owns scratch space).
 */
final class AffineBatchAdder {

    private final RawField f;
    private final boolean inPlace;
    private final int[] tt = Nat256.createExt();
    private final int[] t1 = Nat256.create();
    private final int[] t2 = Nat256.create();
    private final int[] inv = Nat256.create();
    private final int[] invDen = Nat256.create();
    private final int[] sumX = Nat256.create();
    private final int[] sumY = Nat256.create();
    private int[][] num = new int[0][];
    private int[][] den = new int[0][];
    private int[][] acc = new int[0][];
    private int[] live = new int[0];

    AffineBatchAdder(RawField f) {
        this(f, false);
    }

    private AffineBatchAdder(RawField f, boolean inPlace) {
        this.f = f;
        this.inPlace = inPlace;
    }

    /** An adder that overwrites the first operand of each addition with the sum (and returns that array). */
    static AffineBatchAdder inPlace(RawField f) {
        return new AffineBatchAdder(f, true);
    }

    /**
     * (x3[k], y3[k]) = (x1[k], y1[k]) + (x2[k], y2[k]) for k in [0, m); x3[k] = y3[k] = null when the
     * sum is the point at infinity. In place, x3[k] and y3[k] are x1[k] and y1[k], overwritten; the
     * operands of different k must then not share arrays.
     */
    void add(int m, int[][] x1, int[][] y1, int[][] x2, int[][] y2, int[][] x3, int[][] y3) {
        ensure(m);
        int count = 0;
        for (int k = 0; k < m; k++) {
            if (Nat256.eq(x1[k], x2[k])) {
                if (!Nat256.eq(y1[k], y2[k]) || Nat256.isZero(y1[k])) {
                    // P + (-P) = O (and a point of order 2, which these curves do not have)
                    x3[k] = null;
                    y3[k] = null;
                    continue;
                }
                // doubling: lambda = (3x^2 + a) / 2y
                f.square(x1[k], t1, tt);
                f.add(t1, t1, t2);
                f.add(t2, t1, t2);
                f.add(t2, f.a, num[k]);
                f.add(y1[k], y1[k], den[k]);
            } else {
                // lambda = (y2 - y1) / (x2 - x1)
                f.subtract(y2[k], y1[k], num[k]);
                f.subtract(x2[k], x1[k], den[k]);
            }
            if (count == 0) {
                System.arraycopy(den[k], 0, acc[0], 0, 8);
            } else {
                f.multiply(acc[count - 1], den[k], acc[count], tt);
            }
            live[count++] = k;
        }
        if (count == 0) {
            return;
        }
        f.inv(acc[count - 1], inv);
        for (int j = count - 1; j >= 0; j--) {
            int k = live[j];
            if (j > 0) {
                f.multiply(inv, acc[j - 1], invDen, tt);
                f.multiply(inv, den[k], inv, tt);
            } else {
                System.arraycopy(inv, 0, invDen, 0, 8);
            }
            int[] lambda = t1;
            f.multiply(num[k], invDen, lambda, tt);
            int[] x = inPlace ? sumX : new int[8];
            int[] y = inPlace ? sumY : new int[8];
            f.square(lambda, x, tt);
            f.subtract(x, x1[k], x);
            f.subtract(x, x2[k], x);
            f.subtract(x1[k], x, t2);
            f.multiply(lambda, t2, y, tt);
            f.subtract(y, y1[k], y);
            if (inPlace) {
                System.arraycopy(x, 0, x1[k], 0, 8);
                System.arraycopy(y, 0, y1[k], 0, 8);
                x = x1[k];
                y = y1[k];
            }
            x3[k] = x;
            y3[k] = y;
        }
    }

    private void ensure(int m) {
        if (num.length >= m) {
            return;
        }
        int size = Math.max(m, num.length * 2);
        num = grow(num, size);
        den = grow(den, size);
        acc = grow(acc, size);
        live = new int[size];
    }

    private static int[][] grow(int[][] old, int size) {
        int[][] a = Arrays.copyOf(old, size);
        for (int i = old.length; i < size; i++) {
            a[i] = Nat256.create();
        }
        return a;
    }
}

package org.rdregistry.crypto.msm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.msm.MultiScalarMultiplication.Parallelism;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class MultiScalarMultiplicationTest {

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    /**
     * Known answer through discrete logs: with P_i = a_i·G, Σ k_i·P_i = (Σ k_i·a_i mod n)·G, computed
     * by the fixed-base comb, an arithmetic path that shares nothing with the bucket method.
     */
    @Property(tries = 25)
    void equalsTheSumOfDiscreteLogsTimesG(@ForAll("curves") GroupContext group, @ForAll @IntRange(min = 0, max = 60) int n,
                                          @ForAll long seed) {
        Random random = new Random(seed);
        ECPoint[] points = new ECPoint[n];
        BigInteger[] scalars = new BigInteger[n];
        BigInteger expected = BigInteger.ZERO;
        BigInteger order = group.order();
        for (int i = 0; i < n; i++) {
            BigInteger a = logOf(group, random, i);
            points[i] = a.signum() == 0 ? group.infinity() : group.multiplyG(a);
            if (random.nextInt(4) == 0) {
                points[i] = points[i].twice().add(points[i].negate()); // the same point, projective
            }
            scalars[i] = scalar(group, random);
            expected = expected.add(a.multiply(scalars[i]));
        }
        ECPoint want = group.multiplyG(expected.mod(order));
        assertThat(MultiScalarMultiplication.compute(group.curve(), points.clone(), scalars, Parallelism.SEQUENTIAL))
                .isEqualTo(want);
        assertThat(MultiScalarMultiplication.compute(group.curve(), points.clone(), scalars, Parallelism.AUTO))
                .isEqualTo(want);
        assertThat(MultiScalarMultiplication.naive(group.curve(), points, scalars)).isEqualTo(want);
    }

    /** Above the parallel threshold: affine path, generic BouncyCastle path and naive sum agree. */
    @ParameterizedTest
    @MethodSource("groups")
    void largeInputsAgreeWithTheNaiveSum(GroupContext group) {
        Random random = new Random(7);
        int n = MultiScalarMultiplication.PARALLEL_THRESHOLD + 45;
        ECPoint[] points = new ECPoint[n];
        BigInteger[] scalars = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            points[i] = group.multiplyG(logOf(group, random, i));
            scalars[i] = i % 3 == 0 ? group.randomScalar() : new BigInteger(128, random).negate();
        }
        ECPoint naive = MultiScalarMultiplication.naive(group.curve(), points, scalars);
        assertThat(MultiScalarMultiplication.compute(group.curve(), points.clone(), scalars)).isEqualTo(naive);
        assertThat(MultiScalarMultiplication.compute(group.curve(), points.clone(), scalars, Parallelism.SEQUENTIAL))
                .isEqualTo(naive);
        ECPoint[] normalized = points.clone();
        group.curve().normalizeAll(normalized);
        assertThat(MultiScalarMultiplication.pippenger(group.curve(), normalized, absolute(scalars, normalized), false,
                null)).isEqualTo(naive);
    }

    /** Buckets that must double (P + P) and cancel (P + (-P)) in the affine batch adder. */
    @ParameterizedTest
    @MethodSource("groups")
    void equalAndOppositePointsInOneBucket(GroupContext group) {
        ECPoint p = group.multiplyG(BigInteger.valueOf(12345));
        ECPoint q = group.multiplyG(BigInteger.valueOf(777));
        ECPoint[] points = {p, p, p, p.negate(), q, q.negate(), p, q, q};
        BigInteger[] scalars = new BigInteger[points.length];
        java.util.Arrays.fill(scalars, BigInteger.ONE);
        // p + p + p - p + q - q + p + q + q = 3p + 2q
        ECPoint want = group.multiplyG(BigInteger.valueOf(3 * 12345 + 2 * 777));
        assertThat(MultiScalarMultiplication.compute(group.curve(), points, scalars)).isEqualTo(want);
        ECPoint[] cancel = {p, p.negate(), p, p.negate()};
        BigInteger[] ones = {BigInteger.ONE, BigInteger.ONE, BigInteger.TWO, BigInteger.TWO};
        assertThat(MultiScalarMultiplication.compute(group.curve(), cancel, ones).isInfinity()).isTrue();
        ECPoint[] same = new ECPoint[64];
        BigInteger[] ks = new BigInteger[64];
        java.util.Arrays.fill(same, p);
        java.util.Arrays.fill(ks, BigInteger.valueOf(3));
        assertThat(MultiScalarMultiplication.compute(group.curve(), same, ks))
                .isEqualTo(group.multiplyG(BigInteger.valueOf(12345L * 3 * 64)));
        assertThat(MultiScalarMultiplication.compute(group.curve(), new ECPoint[0], new BigInteger[0]).isInfinity())
                .isTrue();
    }

    /** The signed recoding is exact and its digits stay in [-2^(c-1), 2^(c-1)]. */
    @Property(tries = 200)
    void signedDigitsRecodeTheScalar(@ForAll @IntRange(min = 1, max = 16) int c, @ForAll long seed) {
        Random random = new Random(seed);
        BigInteger k = new BigInteger(1 + random.nextInt(260), random);
        int windows = k.bitLength() / c + 1;
        int[][] digits = new int[windows][1];
        MultiScalarMultiplication.recode(k, c, digits, 0);
        BigInteger sum = BigInteger.ZERO;
        for (int w = windows - 1; w >= 0; w--) {
            int d = digits[w][0];
            assertThat(Math.abs(d)).isLessThanOrEqualTo(1 << (c - 1));
            sum = sum.shiftLeft(c).add(BigInteger.valueOf(d));
        }
        assertThat(sum).isEqualTo(k);
    }

    @Property(tries = 5)
    void windowGrowsWithTheNumberOfPoints(@ForAll @IntRange(min = 1, max = 2000) int n) {
        int[] few = new int[n];
        int[] many = new int[n * 8];
        java.util.Arrays.fill(few, 256);
        java.util.Arrays.fill(many, 256);
        assertThat(MultiScalarMultiplication.windowBits(many, 1.5))
                .isGreaterThanOrEqualTo(MultiScalarMultiplication.windowBits(few, 1.5));
    }

    @Provide
    Arbitrary<GroupContext> curves() {
        return Arbitraries.of(List.of(GroupContext.p256(), GroupContext.secp256k1()));
    }

    /** Discrete logs with repeats, negations and the occasional zero (the point at infinity). */
    private static BigInteger logOf(GroupContext group, Random random, int i) {
        return switch (random.nextInt(8)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.valueOf(1 + random.nextInt(3));
            case 2 -> group.order().subtract(BigInteger.valueOf(1 + random.nextInt(3)));
            default -> new BigInteger(256, random).mod(group.order());
        };
    }

    /** Scalars of every shape the batch verifier produces, plus out-of-range ones. */
    private static BigInteger scalar(GroupContext group, Random random) {
        BigInteger n = group.order();
        return switch (random.nextInt(10)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.ONE;
            case 2 -> n.subtract(BigInteger.ONE);
            case 3 -> n.add(BigInteger.valueOf(random.nextInt(100)));
            case 4 -> new BigInteger(128, random).negate();
            case 5 -> new BigInteger(256, random).mod(n).negate();
            case 6 -> BigInteger.ONE.shiftLeft(random.nextInt(300));
            case 7, 8 -> new BigInteger(128, random);
            default -> new BigInteger(256, random).mod(n);
        };
    }

    private static BigInteger[] absolute(BigInteger[] scalars, ECPoint[] points) {
        BigInteger[] out = new BigInteger[scalars.length];
        for (int i = 0; i < scalars.length; i++) {
            if (scalars[i].signum() < 0) {
                points[i] = points[i].negate();
                out[i] = scalars[i].negate();
            } else {
                out[i] = scalars[i];
            }
        }
        return out;
    }
}

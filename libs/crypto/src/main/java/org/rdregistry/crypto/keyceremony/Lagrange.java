package org.rdregistry.crypto.keyceremony;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.rdregistry.crypto.group.GroupContext;

/**
 * Lagrange coefficients at 0 over Z_q (spec §4.6): for a set S of distinct trustee indices,
 * lambda_i = prod_{j in S, j != i} j / (j - i) mod q, so that f(0) = sum_{i in S} lambda_i f(i) for
 * every polynomial f of degree below |S|. Used "in the exponent" by the combiners.
 */
public final class Lagrange {

    private Lagrange() {
    }

    /** lambda_i for trustee i within the index set S. */
    public static BigInteger coefficientAtZero(GroupContext group, int i, Collection<Integer> indices) {
        TreeSet<Integer> set = checkedSet(group, indices);
        if (!set.contains(i)) {
            throw new IllegalArgumentException("index " + i + " is not in the set");
        }
        BigInteger q = group.order();
        BigInteger num = BigInteger.ONE;
        BigInteger den = BigInteger.ONE;
        for (int j : set) {
            if (j != i) {
                num = num.multiply(BigInteger.valueOf(j)).mod(q);
                den = den.multiply(BigInteger.valueOf((long) j - i)).mod(q);
            }
        }
        return num.multiply(den.modInverse(q)).mod(q);
    }

    /** lambda_i for every i in S, ordered by index. */
    public static Map<Integer, BigInteger> coefficientsAtZero(GroupContext group, Collection<Integer> indices) {
        TreeSet<Integer> set = checkedSet(group, indices);
        Map<Integer, BigInteger> out = new TreeMap<>();
        for (int i : set) {
            out.put(i, coefficientAtZero(group, i, set));
        }
        return out;
    }

    /** f(0) from the points (i, f(i)); the set of indices is the key set. */
    public static BigInteger interpolateAtZero(GroupContext group, Map<Integer, BigInteger> points) {
        BigInteger sum = BigInteger.ZERO;
        for (Map.Entry<Integer, BigInteger> e : coefficientsAtZero(group, points.keySet()).entrySet()) {
            sum = sum.add(e.getValue().multiply(points.get(e.getKey())));
        }
        return sum.mod(group.order());
    }

    private static TreeSet<Integer> checkedSet(GroupContext group, Collection<Integer> indices) {
        TreeSet<Integer> set = new TreeSet<>(indices);
        if (set.size() != indices.size()) {
            throw new IllegalArgumentException("indices must be distinct");
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("no indices");
        }
        if (set.first() < 1 || BigInteger.valueOf(set.last()).compareTo(group.order()) >= 0) {
            throw new IllegalArgumentException("indices must be in [1, q)");
        }
        return set;
    }
}

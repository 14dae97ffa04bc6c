package org.rdregistry.crypto.proof;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.msm.MultiScalarMultiplication;

/**
 * Accumulates Σ s_P·P over all verification equations of a batch (spec §3.5.2), merging the
 * coefficients of a point that occurs in several equations so that it enters the multi-scalar
 * multiplication once.
 *
 * <p>Fixed bases (G, public keys, DLEQ bases) are merged by value, because many items share them and
 * their merged coefficient is one full-length scalar instead of many. Other points (commitments,
 * ciphertext components) are merged by object identity, which is free: a range proof's bit
 * ciphertext appears in its 0/1 equations and in the value equation as the same object.
 *
 * <p>Coefficients are kept as signed integers and only reduced mod n once they exceed n, so a point
 * that carries only a 128-bit weight (a commitment, with coefficient -ρ) stays a 128-bit scalar for
 * the multi-scalar multiplication.
 */
final class LinearCombination {

    private final GroupContext group;
    private final Map<ECPoint, Integer> byIdentity = new IdentityHashMap<>();
    private final Map<ECPoint, Integer> byValue = new HashMap<>();
    private final List<ECPoint> points = new ArrayList<>();
    private final List<BigInteger> coefficients = new ArrayList<>();

    LinearCombination(GroupContext group) {
        this.group = group;
    }

    /** Adds k·P for a point that is specific to one item (merged by identity). */
    void add(ECPoint p, BigInteger k) {
        Integer slot = byIdentity.get(p);
        if (slot == null) {
            byIdentity.put(p, points.size());
            append(p, k);
        } else {
            accumulate(slot, k);
        }
    }

    /** Adds k·P for a base shared by many items, such as G or a public key (merged by value). */
    void addBase(ECPoint p, BigInteger k) {
        ECPoint key = p.normalize();
        Integer slot = byValue.get(key);
        if (slot == null) {
            slot = points.size();
            byValue.put(key, slot);
            byIdentity.put(p, slot);
            append(key, k);
        } else {
            accumulate(slot, k);
        }
    }

    /** Adds k·G. */
    void addG(BigInteger k) {
        addBase(group.generator(), k);
    }

    int size() {
        return points.size();
    }

    /** Σ s_P·P as one multi-scalar multiplication. */
    ECPoint evaluate(MultiScalarMultiplication.Parallelism parallelism) {
        return MultiScalarMultiplication.compute(group.curve(), points.toArray(new ECPoint[0]),
                coefficients.toArray(new BigInteger[0]), parallelism);
    }

    private void append(ECPoint p, BigInteger k) {
        points.add(p);
        coefficients.add(reduceIfLarge(k));
    }

    private void accumulate(int slot, BigInteger k) {
        coefficients.set(slot, reduceIfLarge(coefficients.get(slot).add(k)));
    }

    private BigInteger reduceIfLarge(BigInteger k) {
        return k.abs().compareTo(group.order()) >= 0 ? k.mod(group.order()) : k;
    }
}

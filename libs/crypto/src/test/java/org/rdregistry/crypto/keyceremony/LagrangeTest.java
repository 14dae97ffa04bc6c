package org.rdregistry.crypto.keyceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.group.GroupContext;

class LagrangeTest {

    private final GroupContext group = GroupContext.p256();
    private final BigInteger q = group.order();

    @Test
    void knownCoefficients() {
        // S = {1,2}: lambda_1 = 2/(2-1) = 2, lambda_2 = 1/(1-2) = -1.
        assertThat(Lagrange.coefficientsAtZero(group, List.of(1, 2)))
                .containsEntry(1, BigInteger.TWO).containsEntry(2, q.subtract(BigInteger.ONE));
        // S = {1,2,3}: 3, -3, 1.
        assertThat(Lagrange.coefficientsAtZero(group, List.of(3, 1, 2)))
                .containsEntry(1, BigInteger.valueOf(3)).containsEntry(2, q.subtract(BigInteger.valueOf(3)))
                .containsEntry(3, BigInteger.ONE);
        // S = {2,4}: lambda_2 = 4/2 = 2, lambda_4 = 2/(2-4) = -1.
        assertThat(Lagrange.coefficientsAtZero(group, List.of(2, 4)))
                .containsEntry(2, BigInteger.TWO).containsEntry(4, q.subtract(BigInteger.ONE));
        // A single point: lambda = 1 (t = 1, the share is the secret).
        assertThat(Lagrange.coefficientAtZero(group, 5, List.of(5))).isEqualTo(BigInteger.ONE);
    }

    @Property(tries = 50)
    void interpolatesAnyPolynomialOfLowerDegree(@ForAll @IntRange(min = 1, max = 7) int t,
                                                @ForAll @IntRange(min = 0, max = 5) int extra) {
        BigInteger[] a = new BigInteger[t];
        for (int k = 0; k < t; k++) {
            a[k] = group.randomScalar();
        }
        Map<Integer, BigInteger> points = new HashMap<>();
        for (int i = 1 + extra; i < 1 + extra + t; i++) {
            points.put(i, CeremonyChecks.evaluatePolynomial(group, a, i));
        }
        assertThat(Lagrange.interpolateAtZero(group, points)).isEqualTo(a[0]);
    }

    @Test
    void rejectsBadIndexSets() {
        assertThatThrownBy(() -> Lagrange.coefficientsAtZero(group, List.of(1, 1))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> Lagrange.coefficientsAtZero(group, List.of(0, 1))).hasMessageContaining("[1, q)");
        assertThatThrownBy(() -> Lagrange.coefficientAtZero(group, 3, List.of(1, 2))).hasMessageContaining("not in");
        assertThatThrownBy(() -> Lagrange.coefficientsAtZero(group, List.of())).hasMessageContaining("no indices");
    }
}

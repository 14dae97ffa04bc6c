package org.rdregistry.crypto.decrypt;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.CeremonyHarness;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.Lagrange;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;

/**
 * Test fixture: a t-of-n key from a real distributed ceremony or from the test-only dealer, plus the
 * joint secret (interpolated from t shares, which only a test may do) for cross-checks.
 */
public record ThresholdSetup(String name, JointKey key, List<TrusteeKeyShare> shares, BigInteger jointSecret) {

    private static final Map<String, ThresholdSetup> CACHE = new HashMap<>();
    private static final Map<GroupContext, DiscreteLog> LOGS = new HashMap<>();

    /** A 3-of-5 key from a distributed ceremony (cached per curve). */
    public static synchronized ThresholdSetup ceremony(GroupContext group, int t, int n) {
        return CACHE.computeIfAbsent("dkg " + t + "-of-" + n + " " + group.name(), name -> {
            List<TrusteeKeyShare> shares = CeremonyHarness.run(group, t, n);
            return new ThresholdSetup(name, shares.get(0).jointKey(), shares, interpolate(group, shares, t));
        });
    }

    /** A key split by the test-only trusted dealer (cached per curve). */
    public static synchronized ThresholdSetup dealer(GroupContext group, int t, int n) {
        return CACHE.computeIfAbsent("dealer " + t + "-of-" + n + " " + group.name(), name -> {
            TestOnlyTrustedDealer.Deal deal = TestOnlyTrustedDealer.deal(group, t, n);
            return new ThresholdSetup(name, deal.jointKey(), deal.shares(), deal.secret());
        });
    }

    /** A small, quickly built discrete-log table (|m| <= 2^20). */
    public static synchronized DiscreteLog smallLog(GroupContext group) {
        return LOGS.computeIfAbsent(group, g -> new DiscreteLog(g, 1 << 10, 1 << 20));
    }

    public GroupContext group() {
        return key.group();
    }

    public TrusteeKeyShare share(int i) {
        return shares.get(i - 1);
    }

    private static BigInteger interpolate(GroupContext group, List<TrusteeKeyShare> shares, int t) {
        Map<Integer, BigInteger> points = new HashMap<>();
        for (int i = 0; i < t; i++) {
            points.put(shares.get(i).index(), shares.get(i).secret());
        }
        return Lagrange.interpolateAtZero(group, points);
    }

    @Override
    public String toString() {
        return name;
    }
}

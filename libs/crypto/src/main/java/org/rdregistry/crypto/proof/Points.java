package org.rdregistry.crypto.proof;

import java.math.BigInteger;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;

/** Validity predicates shared by the verifiers (spec §3.0): points of this group, scalars below n. */
final class Points {

    private Points() {
    }

    /** p is a point of this group's curve that satisfies the curve equation (infinity only if allowed). */
    static boolean valid(GroupContext group, ECPoint p, boolean allowInfinity) {
        if (p == null || p.getCurve() != group.curve() && !group.curve().equals(p.getCurve())) {
            return false;
        }
        if (p.isInfinity()) {
            return allowInfinity;
        }
        return p.isValid();
    }

    /** k is a canonical scalar in [0, n). */
    static boolean scalar(GroupContext group, BigInteger k) {
        return k != null && k.signum() >= 0 && k.compareTo(group.order()) < 0;
    }
}

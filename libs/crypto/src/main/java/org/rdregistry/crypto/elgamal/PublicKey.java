package org.rdregistry.crypto.elgamal;

import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;

/**
 * An ElGamal public key Y = xG (spec §2.1). Keep one instance per key: the fixed-base comb used for
 * encryption is cached on the point instance.
 */
public record PublicKey(GroupContext group, ECPoint point) {

    public PublicKey {
        Objects.requireNonNull(group, "group");
        point = group.requireOnCurve(point, false).normalize();
    }

    /** Decodes and validates a public key from its 33-byte encoding. */
    public static PublicKey decode(GroupContext group, byte[] encoded) {
        return new PublicKey(group, group.decodePoint(encoded));
    }

    public byte[] encoded() {
        return group.encodePoint(point);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey other && group == other.group && point.equals(other.point);
    }

    @Override
    public int hashCode() {
        return point.hashCode();
    }

    @Override
    public String toString() {
        return "PublicKey[" + group.name() + "]";
    }
}

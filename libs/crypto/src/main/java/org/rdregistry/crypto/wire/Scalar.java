package org.rdregistry.crypto.wire;

import java.math.BigInteger;
import java.util.Objects;

import org.rdregistry.crypto.group.GroupContext;

/**
 * A scalar in [0, n) together with its curve, so that it can travel on its own (type {@code scalar},
 * spec §8.4). A bare {@link BigInteger} cannot: it does not say which group order it is reduced by, and
 * a Jackson serializer for every BigInteger would capture unrelated numbers.
 *
 * <p>A scalar may be secret (a stored key share): {@link #toString()} never shows the value.
 */
public record Scalar(GroupContext group, BigInteger value) {

    public Scalar {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0 || value.compareTo(group.order()) >= 0) {
            throw new IllegalArgumentException("scalar not in [0, n)");
        }
    }

    @Override
    public String toString() {
        return "Scalar[" + group.name() + ", <redacted>]";
    }
}

package org.rdregistry.crypto.wire;

import java.math.BigInteger;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;

/**
 * The decoded, validated fields of one value, handed to a codec's constructor function. Accessors are
 * by field name and typed; asking for a field under the wrong kind, or not reading a declared field at
 * all, is a programming error in the codec ({@link IllegalStateException}), found by its round-trip
 * test.
 */
public final class Fields {

    private final Codec<?> codec;
    private final GroupContext group;
    private final Object[] values;
    private final boolean[] read;

    Fields(Codec<?> codec, GroupContext group, Object[] values) {
        this.codec = codec;
        this.group = group;
        this.values = values;
        this.read = new boolean[values.length];
    }

    /** The curve of the message; null for a curve-free codec. */
    public GroupContext group() {
        return group;
    }

    public ECPoint point(String name) {
        return get(name, ECPoint.class);
    }

    public BigInteger scalar(String name) {
        return get(name, BigInteger.class);
    }

    /** A byte-string field (a fresh array owned by the caller). */
    public byte[] bytes(String name) {
        return get(name, byte[].class);
    }

    public int int32(String name) {
        return get(name, Integer.class);
    }

    public long int64(String name) {
        return get(name, Long.class);
    }

    public boolean bool(String name) {
        return get(name, Boolean.class);
    }

    public String string(String name) {
        return get(name, String.class);
    }

    /** Any field, checked against the expected class; null only for an absent optional field. */
    public <V> V get(String name, Class<V> type) {
        int i = codec.indexOf(name);
        read[i] = true;
        Object v = values[i];
        if (v != null && !type.isInstance(v)) {
            throw new IllegalStateException("codec " + codec.name() + ": field " + name + " is "
                    + v.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(v);
    }

    /** A list field whose elements are all of the given class (an unmodifiable list). */
    public <E> List<E> list(String name, Class<E> elementType) {
        List<?> list = get(name, List.class);
        if (list == null) {
            return null;
        }
        for (Object e : list) {
            if (!elementType.isInstance(e)) {
                throw new IllegalStateException("codec " + codec.name() + ": list " + name + " holds "
                        + e.getClass().getSimpleName() + ", not " + elementType.getSimpleName());
            }
        }
        @SuppressWarnings("unchecked")
        List<E> typed = (List<E>) list;
        return typed;
    }

    void requireAllRead() {
        for (int i = 0; i < read.length; i++) {
            if (!read[i]) {
                throw new IllegalStateException("codec " + codec.name() + " constructor ignores a decoded field ("
                        + codec.fieldDescription(i) + ")");
            }
        }
    }
}

package org.rdregistry.crypto.wire;

import java.math.BigInteger;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;

import tools.jackson.core.JsonGenerator;

/**
 * The kind of one field of a {@link Codec} (spec §8.3). A field type knows its binary layout, its JSON
 * form and its limits, so that a codec definition lists only names, kinds and accessors and both wire
 * forms follow from it.
 *
 * <p>The set of kinds is closed on purpose (package-private constructor): every kind has a fixed,
 * documented, canonical layout with a maximum size, so a new value type can only be built from
 * reviewed pieces. Use the static factories; the {@link Codec.Builder} shortcuts cover the common cases.
 *
 * @param <V> the Java type of the field's value
 */
public abstract class FieldType<V> {

    FieldType() {
    }

    /** A curve point other than the point at infinity: uncompressed SEC1, 65 bytes (spec §1.2.1). */
    public static FieldType<ECPoint> point() {
        return PrimitiveTypes.POINT;
    }

    /** A curve point that may be the point at infinity: 65 bytes uncompressed, infinity = all zero. */
    public static FieldType<ECPoint> pointOrInfinity() {
        return PrimitiveTypes.POINT_OR_INFINITY;
    }

    /** A scalar in [0, n), 32 bytes big-endian. */
    public static FieldType<BigInteger> scalar() {
        return PrimitiveTypes.SCALAR;
    }

    /** A byte string of at most {@code maxLength} bytes (u32 length prefix). */
    public static FieldType<byte[]> bytes(int maxLength) {
        return new ByteTypes.BytesType(maxLength);
    }

    /** A byte string of exactly {@code length} bytes (no prefix). */
    public static FieldType<byte[]> fixedBytes(int length) {
        return new ByteTypes.FixedBytesType(length);
    }

    /** A signed 32-bit integer. */
    public static FieldType<Integer> int32() {
        return int32(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A signed 32-bit integer in [min, max]. */
    public static FieldType<Integer> int32(int min, int max) {
        return new PrimitiveTypes.Int32Type(min, max);
    }

    /** A signed 64-bit integer. */
    public static FieldType<Long> int64() {
        return int64(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A signed 64-bit integer in [min, max]. */
    public static FieldType<Long> int64(long min, long max) {
        return new PrimitiveTypes.Int64Type(min, max);
    }

    /** A boolean (one byte, 0 or 1). */
    public static FieldType<Boolean> bool() {
        return PrimitiveTypes.BOOL;
    }

    /** A well-formed UTF-8 string of at most {@code maxUtf8Bytes} bytes (u32 length prefix). */
    public static FieldType<String> string(int maxUtf8Bytes) {
        return new ByteTypes.StringType(maxUtf8Bytes);
    }

    /** A value of another codec, embedded without its own header (same curve as the enclosing message). */
    public static <V> FieldType<V> nested(Codec<V> codec) {
        return new CompositeTypes.NestedType<>(codec);
    }

    /** A list of at most {@code maxCount} elements (u32 count prefix). Elements are never null. */
    public static <E> FieldType<List<E>> list(FieldType<E> element, int maxCount) {
        return new CompositeTypes.ListType<>(element, maxCount);
    }

    /** A value that may be absent (null): one presence byte, 0 or 1; JSON {@code null} when absent. */
    public static <V> FieldType<V> optional(FieldType<V> type) {
        return new CompositeTypes.OptionalType<>(type);
    }

    /** The layout name used in the spec tables, for example {@code bytes[<=4096]}. */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    /** Whether values of this kind need the curve (points, scalars, or anything containing them). */
    abstract boolean usesGroup();

    /** Whether null is a valid value (only {@link #optional}). */
    boolean nullable() {
        return false;
    }

    /** The curve a value belongs to, if the value itself shows it (a point does); else null. */
    GroupContext groupOf(V value) {
        return null;
    }

    abstract void write(BinaryWriter out, GroupContext group, V value, String path);

    abstract V read(BinaryReader in, GroupContext group, String path);

    abstract void writeJson(JsonGenerator gen, GroupContext group, V value, String path);

    /** Decodes the JSON value produced by {@link JsonTree}. */
    abstract V readJson(Object json, GroupContext group, String path);

    /** The JSON value as a string, or a W.12 rejection. */
    static String jsonString(Object json, String path) {
        if (json instanceof String s) {
            return s;
        }
        throw new WireFormatException("W.12", path + " must be a string, got " + JsonTree.kind(json));
    }
}

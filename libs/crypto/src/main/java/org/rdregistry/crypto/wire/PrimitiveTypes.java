package org.rdregistry.crypto.wire;

import java.math.BigInteger;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;

import tools.jackson.core.JsonGenerator;

/** The leaf field kinds of spec §8.3 other than byte strings: points, scalars, integers, booleans. */
final class PrimitiveTypes {

    static final PointType POINT = new PointType(false);
    static final PointType POINT_OR_INFINITY = new PointType(true);
    static final ScalarType SCALAR = new ScalarType();
    static final BoolType BOOL = new BoolType();

    private PrimitiveTypes() {
    }

    /** The known curve a point lies on; an unsupported curve is a caller error. */
    static GroupContext groupOfPoint(ECPoint p) {
        for (GroupContext g : new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()}) {
            if (p.getCurve() == g.curve() || p.getCurve().equals(g.curve())) {
                return g;
            }
        }
        throw new WireFormatException("W.4", "cannot encode: point on an unsupported curve");
    }

    static final class PointType extends FieldType<ECPoint> {
        private final boolean allowInfinity;

        PointType(boolean allowInfinity) {
            this.allowInfinity = allowInfinity;
        }

        @Override
        public String describe() {
            return allowInfinity ? "point-or-infinity" : "point";
        }

        @Override
        boolean usesGroup() {
            return true;
        }

        @Override
        GroupContext groupOf(ECPoint value) {
            return groupOfPoint(value);
        }

        private byte[] encode(GroupContext group, ECPoint p, String path) {
            try {
                group.requireOnCurve(p, allowInfinity);
            } catch (IllegalArgumentException e) {
                throw new WireFormatException("W.10", "cannot encode " + path + ": " + e.getMessage());
            }
            return group.encodeWirePoint(p);
        }

        private ECPoint decode(GroupContext group, byte[] b, String path) {
            try {
                return group.decodeWirePoint(b, allowInfinity);
            } catch (IllegalArgumentException e) {
                throw new WireFormatException("W.10", "invalid point in " + path + ": " + e.getMessage());
            }
        }

        @Override
        void write(BinaryWriter out, GroupContext group, ECPoint value, String path) {
            out.bytes(encode(group, value, path));
        }

        @Override
        ECPoint read(BinaryReader in, GroupContext group, String path) {
            return decode(group, in.take(GroupContext.WIRE_POINT_BYTES, path), path);
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, ECPoint value, String path) {
            gen.writeString(JsonTree.base64(encode(group, value, path)));
        }

        @Override
        ECPoint readJson(Object json, GroupContext group, String path) {
            return decode(group, fixedBase64(json, GroupContext.WIRE_POINT_BYTES, path), path);
        }
    }

    static final class ScalarType extends FieldType<BigInteger> {
        @Override
        public String describe() {
            return "scalar";
        }

        @Override
        boolean usesGroup() {
            return true;
        }

        private byte[] encode(GroupContext group, BigInteger k, String path) {
            try {
                return group.encodeScalar(k);
            } catch (IllegalArgumentException e) {
                throw new WireFormatException("W.11", "cannot encode " + path + ": scalar not in [0, n)");
            }
        }

        private BigInteger decode(GroupContext group, byte[] b, String path) {
            try {
                return group.decodeScalar(b);
            } catch (IllegalArgumentException e) {
                throw new WireFormatException("W.11", "invalid scalar in " + path + ": " + e.getMessage());
            }
        }

        @Override
        void write(BinaryWriter out, GroupContext group, BigInteger value, String path) {
            out.bytes(encode(group, value, path));
        }

        @Override
        BigInteger read(BinaryReader in, GroupContext group, String path) {
            return decode(group, in.take(GroupContext.SCALAR_BYTES, path), path);
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, BigInteger value, String path) {
            gen.writeString(JsonTree.base64(encode(group, value, path)));
        }

        @Override
        BigInteger readJson(Object json, GroupContext group, String path) {
            return decode(group, fixedBase64(json, GroupContext.SCALAR_BYTES, path), path);
        }
    }

    /** Decodes a base64url JSON string that must hold exactly {@code length} bytes (spec check W.12). */
    static byte[] fixedBase64(Object json, int length, String path) {
        String s = FieldType.jsonString(json, path);
        if (s.length() != JsonTree.base64Length(length)) {
            throw new WireFormatException("W.12", path + " must be " + JsonTree.base64Length(length)
                    + " base64url characters (" + length + " bytes), got " + s.length());
        }
        byte[] b = JsonTree.unbase64(s, path);
        if (b.length != length) {
            throw new WireFormatException("W.12", path + " must be " + length + " bytes");
        }
        return b;
    }

    /** Common part of the two integer kinds: range check and strict JSON integers. */
    abstract static class IntegerType<V extends Number> extends FieldType<V> {
        private final long min;
        private final long max;
        private final String name;
        private final String describe;

        IntegerType(String name, long min, long max, long typeMin, long typeMax) {
            if (min > max) {
                throw new IllegalArgumentException("min > max");
            }
            this.name = name;
            this.min = min;
            this.max = max;
            boolean full = min == typeMin && max == typeMax;
            this.describe = full ? name : name + "[" + min + ".." + max + "]";
        }

        @Override
        public String describe() {
            return describe;
        }

        @Override
        boolean usesGroup() {
            return false;
        }

        long check(long v, String path, String what) {
            if (v < min || v > max) {
                throw new WireFormatException("W.12", what + path + ": " + name + " " + v + " outside [" + min
                        + ", " + max + "]");
            }
            return v;
        }

        long checkJson(Object json, String path) {
            if (!(json instanceof BigInteger b)) {
                throw new WireFormatException("W.12", path + " must be an integer, got " + JsonTree.kind(json));
            }
            if (b.bitLength() > 63) {
                throw new WireFormatException("W.12", path + " outside [" + min + ", " + max + "]");
            }
            return check(b.longValue(), path, "");
        }
    }

    static final class Int32Type extends IntegerType<Integer> {
        Int32Type(int min, int max) {
            super("int32", min, max, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        @Override
        void write(BinaryWriter out, GroupContext group, Integer value, String path) {
            out.i32((int) check(value, path, "cannot encode "));
        }

        @Override
        Integer read(BinaryReader in, GroupContext group, String path) {
            return (int) check(in.i32(path), path, "");
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, Integer value, String path) {
            gen.writeNumber((int) check(value, path, "cannot encode "));
        }

        @Override
        Integer readJson(Object json, GroupContext group, String path) {
            return (int) checkJson(json, path);
        }
    }

    static final class Int64Type extends IntegerType<Long> {
        Int64Type(long min, long max) {
            super("int64", min, max, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        @Override
        void write(BinaryWriter out, GroupContext group, Long value, String path) {
            out.i64(check(value, path, "cannot encode "));
        }

        @Override
        Long read(BinaryReader in, GroupContext group, String path) {
            return check(in.i64(path), path, "");
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, Long value, String path) {
            gen.writeNumber(check(value, path, "cannot encode "));
        }

        @Override
        Long readJson(Object json, GroupContext group, String path) {
            return checkJson(json, path);
        }
    }

    static final class BoolType extends FieldType<Boolean> {
        @Override
        public String describe() {
            return "bool";
        }

        @Override
        boolean usesGroup() {
            return false;
        }

        @Override
        void write(BinaryWriter out, GroupContext group, Boolean value, String path) {
            out.u8(value ? 1 : 0);
        }

        @Override
        Boolean read(BinaryReader in, GroupContext group, String path) {
            int b = in.u8(path);
            if (b > 1) {
                throw new WireFormatException("W.12", path + " must be 0 or 1, got " + b);
            }
            return b == 1;
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, Boolean value, String path) {
            gen.writeBoolean(value);
        }

        @Override
        Boolean readJson(Object json, GroupContext group, String path) {
            if (json instanceof Boolean b) {
                return b;
            }
            throw new WireFormatException("W.12", path + " must be a boolean, got " + JsonTree.kind(json));
        }
    }
}

package org.rdregistry.crypto.wire;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.Objects;

import org.rdregistry.crypto.group.GroupContext;

import tools.jackson.core.JsonGenerator;

/**
 * The message envelope around a codec body (spec §8.2 and §8.5): binary header
 * {@code "rd" | version | curve id | type tag} and the JSON properties {@code v}, {@code curve},
 * {@code type}. The header checks W.1-W.7 and the trailing-bytes check W.14 live here.
 */
final class Envelope {

    static final byte MAGIC_0 = 0x72; // 'r'
    static final byte MAGIC_1 = 0x64; // 'd'
    static final int HEADER_BYTES = 6;
    static final byte NO_CURVE = 0;

    private Envelope() {
    }

    /** The curve a top-level value is encoded under; null for curve-free codecs. */
    static <T> GroupContext groupFor(Codec<T> codec, T value) {
        if (!codec.usesGroup()) {
            return null;
        }
        GroupContext g = codec.inferGroup(value);
        if (g == null) {
            throw new WireFormatException("W.7", "cannot encode " + codec.name() + ": its curve is unknown");
        }
        return g;
    }

    static <T> byte[] encode(Codec<T> codec, T value) {
        Objects.requireNonNull(value, "value");
        GroupContext g = groupFor(codec, value);
        BinaryWriter out = new BinaryWriter(Wire.MAX_MESSAGE_BYTES);
        out.u8(MAGIC_0);
        out.u8(MAGIC_1);
        out.u8(Wire.VERSION);
        out.u8(g == null ? NO_CURVE : g.id());
        out.u16(codec.tag());
        codec.writeBody(out, g, value, codec.name());
        return out.toByteArray();
    }

    /**
     * Decodes one binary message. {@code expected} (nullable) is the codec the caller asked for;
     * {@code expectedGroup} (nullable) the curve it requires.
     */
    static Object decode(WireRegistry registry, byte[] bytes, Codec<?> expected, GroupContext expectedGroup) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > Wire.MAX_MESSAGE_BYTES) {
            throw new WireFormatException("W.1", "message of " + bytes.length + " bytes exceeds "
                    + Wire.MAX_MESSAGE_BYTES);
        }
        if (bytes.length < HEADER_BYTES) {
            throw new WireFormatException("W.8", "truncated at header: " + bytes.length + " of " + HEADER_BYTES
                    + " bytes");
        }
        BinaryReader in = new BinaryReader(bytes, 0);
        int magic0 = in.u8("magic");
        int magic1 = in.u8("magic");
        if (magic0 != MAGIC_0 || magic1 != MAGIC_1) {
            throw new WireFormatException("W.2", "not a wire message (bad magic)");
        }
        int version = in.u8("version");
        if (version != Wire.VERSION) {
            throw new WireFormatException("W.3", "unknown version " + version);
        }
        int curveId = in.u8("curve");
        GroupContext group = curveId == NO_CURVE ? null : curveById(curveId);
        int tag = in.u16("type");
        Codec<?> codec = registry.codecForTag(tag).orElseThrow(() -> new WireFormatException("W.5",
                String.format("unknown type tag 0x%04X", tag)));
        checkType(codec, expected);
        checkCurve(codec, group, expectedGroup);
        Object value = codec.readBody(in, group, codec.name());
        if (in.remaining() != 0) {
            throw new WireFormatException("W.14", in.remaining() + " trailing bytes after " + codec.name());
        }
        return value;
    }

    private static GroupContext curveById(int id) {
        try {
            return GroupContext.forId((byte) id);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("W.4", "unknown curve id " + id);
        }
    }

    private static void checkType(Codec<?> codec, Codec<?> expected) {
        if (expected != null && codec != expected) {
            throw new WireFormatException("W.6", "expected a " + expected.name() + ", got a " + codec.name());
        }
    }

    private static void checkCurve(Codec<?> codec, GroupContext group, GroupContext expectedGroup) {
        if (codec.usesGroup() && group == null) {
            throw new WireFormatException("W.7", codec.name() + " needs a curve, message has none");
        }
        if (!codec.usesGroup() && group != null) {
            throw new WireFormatException("W.7", codec.name() + " is curve-free, message names " + group.name());
        }
        if (group != null && expectedGroup != null && group != expectedGroup) {
            throw new WireFormatException("W.7", "wrong curve: expected " + expectedGroup.name() + ", got "
                    + group.name());
        }
    }

    static <T> void writeJson(JsonGenerator gen, Codec<T> codec, T value) {
        Objects.requireNonNull(value, "value");
        GroupContext g = groupFor(codec, value);
        gen.writeStartObject();
        gen.writeName("v");
        gen.writeNumber(Wire.VERSION);
        if (g != null) {
            gen.writeName("curve");
            gen.writeString(g.name());
        }
        gen.writeName("type");
        gen.writeString(codec.name());
        codec.writeJsonBody(gen, g, value, codec.name());
        gen.writeEndObject();
    }

    static Object readJson(WireRegistry registry, Map<String, Object> object, Codec<?> expected,
                           GroupContext expectedGroup) {
        Header h = readJsonHeader(registry, object, expected, expectedGroup);
        return h.codec().readJsonBody(object, Codec.ENVELOPE, h.group(), h.codec().name());
    }

    /**
     * The envelope checks of {@link #readJson}, then only the {@code wanted} fields decoded (see
     * {@link Codec#readJsonFields}).
     */
    static Map<String, Object> readJsonFields(WireRegistry registry, Map<String, Object> object, Codec<?> expected,
                                              GroupContext expectedGroup, Set<String> wanted) {
        Header h = readJsonHeader(registry, object, expected, expectedGroup);
        return h.codec().readJsonFields(object, Codec.ENVELOPE, h.group(), h.codec().name(), wanted);
    }

    private record Header(Codec<?> codec, GroupContext group) {
    }

    private static Header readJsonHeader(WireRegistry registry, Map<String, Object> object, Codec<?> expected,
                                         GroupContext expectedGroup) {
        Object v = object.get("v");
        if (v == null) {
            throw new WireFormatException("W.3", "missing version property \"v\"");
        }
        if (!(v instanceof BigInteger version)) {
            throw new WireFormatException("W.3", "version must be an integer, got " + JsonTree.kind(v));
        }
        if (!version.equals(BigInteger.valueOf(Wire.VERSION))) {
            throw new WireFormatException("W.3", "unknown version "
                    + (version.bitLength() < 32 ? version.toString() : "(too large)"));
        }
        Object t = object.get("type");
        if (!(t instanceof String typeName)) {
            throw new WireFormatException("W.5", t == null ? "missing property \"type\""
                    : "type must be a string, got " + JsonTree.kind(t));
        }
        Codec<?> codec = registry.codecForName(typeName).orElseThrow(() -> new WireFormatException("W.5",
                "unknown type " + Codec.quote(typeName)));
        checkType(codec, expected);
        Object c = object.get("curve");
        GroupContext group = null;
        if (c != null) {
            if (!(c instanceof String curveName)) {
                throw new WireFormatException("W.4", "curve must be a string, got " + JsonTree.kind(c));
            }
            group = curveByName(curveName);
        } else if (codec.usesGroup()) {
            throw new WireFormatException("W.7", codec.name() + " needs a curve, missing property \"curve\"");
        }
        checkCurve(codec, group, expectedGroup);
        return new Header(codec, group);
    }

    /** Only the canonical names "P-256" and "secp256k1" (no aliases), so the JSON form is canonical. */
    private static GroupContext curveByName(String name) {
        for (GroupContext g : new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()}) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new WireFormatException("W.4", "unknown curve " + Codec.quote(name));
    }
}

package org.rdregistry.crypto.wire;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;

import tools.jackson.core.JsonGenerator;

/**
 * The wire description of one value type (spec §8.3): a type name, a type tag, and an ordered list of
 * named, typed fields with their accessors, plus a constructor from the decoded fields. The binary body
 * is the concatenation of the fields in declaration order; the JSON form is an object with one
 * property per field. Both forms, their limits and their validation follow from this one definition,
 * so they cannot drift apart.
 *
 * <pre>{@code
 * Codec<DleqProof> DLEQ = Codec.builder(DleqProof.class, 0x0101, "dleq-proof")
 *         .point("a1", DleqProof::a1)
 *         .point("a2", DleqProof::a2)
 *         .scalar("z", DleqProof::z)
 *         .build(f -> new DleqProof(f.point("a1"), f.point("a2"), f.scalar("z")));
 * }</pre>
 *
 * <p>Codecs are immutable and thread-safe. Register top-level codecs in a {@link WireRegistry}; codecs
 * built with {@link #nestedBuilder} exist only inside other values.
 *
 * @param <T> the value type
 */
public final class Codec<T> {

    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-zA-Z0-9]{0,62}");
    /** JSON envelope properties (spec §8.5); no field may use these names. */
    static final Set<String> ENVELOPE = Set.of("v", "curve", "type");
    static final int NESTED_ONLY = -1;

    record Field<T, V>(String name, FieldType<V> type, Function<T, V> getter) {
    }

    private final Class<T> type;
    private final int tag;
    private final String name;
    private final List<Field<T, ?>> fields;
    private final Map<String, Integer> index;
    private final Function<Fields, T> constructor;
    private final Function<T, GroupContext> groupSource;
    private final boolean usesGroup;

    private Codec(Builder<T> b, Function<Fields, T> constructor) {
        this.type = b.type;
        this.tag = b.tag;
        this.name = b.name;
        this.fields = List.copyOf(b.fields);
        this.constructor = constructor;
        this.groupSource = b.groupSource;
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            idx.put(fields.get(i).name(), i);
        }
        this.index = Map.copyOf(idx);
        // A declared group source makes the type curve-bound even without points or scalars (for example
        // ceremony parameters, which name their curve and nothing else): the curve is then the message's.
        this.usesGroup = groupSource != null || fields.stream().anyMatch(f -> f.type().usesGroup());
        if (tag != NESTED_ONLY && usesGroup && !canInferGroup()) {
            throw new IllegalStateException("codec " + name + " cannot tell the curve of a value: it has no"
                    + " mandatory point field, so declare .group(...)");
        }
    }

    /** Starts a top-level codec with a unique type tag in [1, 0xFFFF] and a unique kebab-case name. */
    public static <T> Builder<T> builder(Class<T> type, int tag, String name) {
        if (tag < 1 || tag > 0xFFFF) {
            throw new IllegalArgumentException("type tag must be in [1, 0xFFFF]");
        }
        return new Builder<>(type, tag, name);
    }

    /** Starts a codec for values that only occur inside other values (no tag, no envelope). */
    public static <T> Builder<T> nestedBuilder(Class<T> type, String name) {
        return new Builder<>(type, NESTED_ONLY, name);
    }

    public Class<T> type() {
        return type;
    }

    /** The u16 type tag, or -1 for a nested-only codec. */
    public int tag() {
        return tag;
    }

    /** The type name used in JSON ("type") and in error paths. */
    public String name() {
        return name;
    }

    public boolean isTopLevel() {
        return tag != NESTED_ONLY;
    }

    /** Whether values are bound to a curve (the header then carries the curve id, JSON a "curve"). */
    public boolean usesGroup() {
        return usesGroup;
    }

    /** The field layout as written in the spec tables, e.g. {@code alpha: point-or-infinity, beta: ...}. */
    public String layout() {
        return fields.stream().map(f -> f.name() + ": " + f.type().describe()).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "Codec[" + name + (isTopLevel() ? String.format(" 0x%04X", tag) : "") + "]";
    }

    /** Whether every value shows its curve: a group source, or a mandatory (non-list) point inside. */
    boolean canInferGroup() {
        return groupSource != null || fields.stream().anyMatch(f -> f.type() instanceof PrimitiveTypes.PointType
                || f.type() instanceof CompositeTypes.NestedType<?> n && n.codecInfersGroup());
    }

    String fieldDescription(int i) {
        Field<T, ?> f = fields.get(i);
        return f.name() + ": " + f.type().describe();
    }

    int indexOf(String field) {
        Integer i = index.get(field);
        if (i == null) {
            throw new IllegalStateException("codec " + name + " has no field " + field);
        }
        return i;
    }

    /** The curve of a value, from the declared group source or the first point found; null if none. */
    GroupContext inferGroup(T value) {
        if (!usesGroup) {
            return null;
        }
        if (groupSource != null) {
            return Objects.requireNonNull(groupSource.apply(value), "group");
        }
        for (Field<T, ?> f : fields) {
            GroupContext g = groupOfField(f, value);
            if (g != null) {
                return g;
            }
        }
        return null;
    }

    private static <T, V> GroupContext groupOfField(Field<T, V> f, T value) {
        V v = f.getter().apply(value);
        return v == null ? null : f.type().groupOf(v);
    }

    private static <T, V> V fieldValue(Field<T, V> f, T value, String path) {
        V v = f.getter().apply(value);
        if (v == null && !f.type().nullable()) {
            throw new WireFormatException("W.13", "cannot encode " + path + ": missing value");
        }
        return v;
    }

    void writeBody(BinaryWriter out, GroupContext group, T value, String path) {
        requireMessageGroup(group, value, path);
        for (Field<T, ?> f : fields) {
            writeField(out, group, f, value, path + "." + f.name());
        }
    }

    /**
     * Spec check W.7 on encoding: a value that names its curve (group source) must be on the message's
     * curve. Points are checked on their own (W.10), but a nested value without points, such as ceremony
     * parameters, would otherwise silently take the curve of the enclosing message.
     */
    private void requireMessageGroup(GroupContext group, T value, String path) {
        if (groupSource != null && group != null) {
            GroupContext own = groupSource.apply(value);
            if (own != null && own != group) {
                throw new WireFormatException("W.7", "cannot encode " + path + ": value on " + own.name()
                        + " inside a message on " + group.name());
            }
        }
    }

    private static <T, V> void writeField(BinaryWriter out, GroupContext group, Field<T, V> f, T value, String path) {
        f.type().write(out, group, fieldValue(f, value, path), path);
    }

    T readBody(BinaryReader in, GroupContext group, String path) {
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            Field<T, ?> f = fields.get(i);
            values[i] = f.type().read(in, group, path + "." + f.name());
        }
        return construct(values, group, path);
    }

    void writeJsonBody(JsonGenerator gen, GroupContext group, T value, String path) {
        requireMessageGroup(group, value, path);
        for (Field<T, ?> f : fields) {
            writeJsonField(gen, group, f, value, path + "." + f.name());
        }
    }

    private static <T, V> void writeJsonField(JsonGenerator gen, GroupContext group, Field<T, V> f, T value,
                                              String path) {
        V v = fieldValue(f, value, path);
        gen.writeName(f.name());
        f.type().writeJson(gen, group, v, path);
    }

    /** Reads the fields of a JSON object; {@code envelope} names the properties already consumed. */
    T readJsonBody(Map<String, Object> object, Set<String> envelope, GroupContext group, String path) {
        for (String key : object.keySet()) {
            if (!index.containsKey(key) && !envelope.contains(key)) {
                throw new WireFormatException("W.14", "unknown field " + path + "." + quote(key));
            }
        }
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            Field<T, ?> f = fields.get(i);
            String p = path + "." + f.name();
            if (!object.containsKey(f.name())) {
                throw new WireFormatException("W.8", "missing field " + p);
            }
            values[i] = f.type().readJson(object.get(f.name()), group, p);
        }
        return construct(values, group, path);
    }

    /**
     * Checks the field set of a JSON object like {@link #readJsonBody} (W.8, W.14) but decodes only the
     * {@code wanted} fields, each with all its own checks, and returns them by name; the other fields are
     * left undecoded and no value is built, so the value type's invariants (W.13) are not checked.
     */
    Map<String, Object> readJsonFields(Map<String, Object> object, Set<String> envelope, GroupContext group, String path,
                                       Set<String> wanted) {
        for (String w : wanted) {
            if (!index.containsKey(w)) {
                throw new IllegalArgumentException(name + " has no field " + quote(w));
            }
        }
        for (String key : object.keySet()) {
            if (!index.containsKey(key) && !envelope.contains(key)) {
                throw new WireFormatException("W.14", "unknown field " + path + "." + quote(key));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field<T, ?> f : fields) {
            String p = path + "." + f.name();
            if (!object.containsKey(f.name())) {
                throw new WireFormatException("W.8", "missing field " + p);
            }
            if (wanted.contains(f.name())) {
                values.put(f.name(), f.type().readJson(object.get(f.name()), group, p));
            }
        }
        return values;
    }

    /** Builds the value; the value type's own invariants are spec check W.13. */
    private T construct(Object[] values, GroupContext group, String path) {
        Fields f = new Fields(this, group, values);
        T result;
        try {
            result = constructor.apply(f);
        } catch (WireFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("W.13", "invalid " + path + ": " + e.getMessage(), e);
        }
        f.requireAllRead();
        if (result == null) {
            throw new IllegalStateException("codec " + name + " constructor returned null");
        }
        return result;
    }

    /** An attacker-chosen name, shortened and reduced to printable ASCII for an error message. */
    static String quote(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return '"' + cut.replaceAll("[^\\x20-\\x7E]", "?") + '"';
    }

    /** Defines the fields of a codec in wire order. Each method adds one field. */
    public static final class Builder<T> {
        private final Class<T> type;
        private final int tag;
        private final String name;
        private final List<Field<T, ?>> fields = new ArrayList<>();
        private Function<T, GroupContext> groupSource;

        private Builder(Class<T> type, int tag, String name) {
            this.type = Objects.requireNonNull(type, "type");
            this.tag = tag;
            if (name == null || !TYPE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("type name must be kebab-case: " + name);
            }
            this.name = name;
        }

        /** Adds a field of any kind. */
        public <V> Builder<T> field(String fieldName, FieldType<V> fieldType, Function<T, V> getter) {
            if (fieldName == null || !FIELD_NAME.matcher(fieldName).matches()) {
                throw new IllegalArgumentException("field name must be camelCase ASCII: " + fieldName);
            }
            if (ENVELOPE.contains(fieldName) || fields.stream().anyMatch(f -> f.name().equals(fieldName))) {
                throw new IllegalArgumentException("field name reserved or already used: " + fieldName);
            }
            fields.add(new Field<>(fieldName, Objects.requireNonNull(fieldType, "field type"),
                    Objects.requireNonNull(getter, "getter")));
            return this;
        }

        public Builder<T> point(String fieldName, Function<T, ECPoint> getter) {
            return field(fieldName, FieldType.point(), getter);
        }

        public Builder<T> pointOrInfinity(String fieldName, Function<T, ECPoint> getter) {
            return field(fieldName, FieldType.pointOrInfinity(), getter);
        }

        public Builder<T> scalar(String fieldName, Function<T, BigInteger> getter) {
            return field(fieldName, FieldType.scalar(), getter);
        }

        public Builder<T> bytes(String fieldName, int maxLength, Function<T, byte[]> getter) {
            return field(fieldName, FieldType.bytes(maxLength), getter);
        }

        public Builder<T> fixedBytes(String fieldName, int length, Function<T, byte[]> getter) {
            return field(fieldName, FieldType.fixedBytes(length), getter);
        }

        public Builder<T> int32(String fieldName, Function<T, Integer> getter) {
            return field(fieldName, FieldType.int32(), getter);
        }

        public Builder<T> int32(String fieldName, int min, int max, Function<T, Integer> getter) {
            return field(fieldName, FieldType.int32(min, max), getter);
        }

        public Builder<T> int64(String fieldName, Function<T, Long> getter) {
            return field(fieldName, FieldType.int64(), getter);
        }

        public Builder<T> int64(String fieldName, long min, long max, Function<T, Long> getter) {
            return field(fieldName, FieldType.int64(min, max), getter);
        }

        public Builder<T> bool(String fieldName, Function<T, Boolean> getter) {
            return field(fieldName, FieldType.bool(), getter);
        }

        public Builder<T> string(String fieldName, int maxUtf8Bytes, Function<T, String> getter) {
            return field(fieldName, FieldType.string(maxUtf8Bytes), getter);
        }

        public <V> Builder<T> nested(String fieldName, Codec<V> codec, Function<T, V> getter) {
            return field(fieldName, FieldType.nested(codec), getter);
        }

        public <E> Builder<T> list(String fieldName, FieldType<E> element, int maxCount, Function<T, List<E>> getter) {
            return field(fieldName, FieldType.list(element, maxCount), getter);
        }

        /** A list of values of another codec (the common "list of nested" case). */
        public <E> Builder<T> listOf(String fieldName, Codec<E> codec, int maxCount, Function<T, List<E>> getter) {
            return field(fieldName, FieldType.list(FieldType.nested(codec), maxCount), getter);
        }

        public <V> Builder<T> optional(String fieldName, FieldType<V> fieldType, Function<T, V> getter) {
            return field(fieldName, FieldType.optional(fieldType), getter);
        }

        /**
         * Declares where a value's curve comes from (for example {@code PublicKey::group}). Needed when
         * the value has no mandatory point field; otherwise the curve of the first point is used. It also
         * makes the type curve-bound when none of its fields is (spec §8.1), and a nested value's declared
         * curve must be the message's (W.7).
         */
        public Builder<T> group(Function<T, GroupContext> source) {
            this.groupSource = Objects.requireNonNull(source, "group source");
            return this;
        }

        /**
         * Finishes the codec. The constructor receives the decoded, already validated fields and must
         * read every one of them (a forgotten field is a programming error, reported on first decode).
         * An {@link IllegalArgumentException} it throws becomes a W.13 rejection.
         */
        public Codec<T> build(Function<Fields, T> constructor) {
            return new Codec<>(this, Objects.requireNonNull(constructor, "constructor"));
        }
    }
}

package org.rdregistry.crypto.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.rdregistry.crypto.group.GroupContext;

import tools.jackson.core.JsonGenerator;

/** The composite field kinds of spec §8.3: nested values, lists and optional values. */
final class CompositeTypes {

    private CompositeTypes() {
    }

    static final class NestedType<V> extends FieldType<V> {
        private final Codec<V> codec;

        NestedType(Codec<V> codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        boolean codecInfersGroup() {
            return codec.canInferGroup();
        }

        @Override
        public String describe() {
            return codec.name();
        }

        @Override
        boolean usesGroup() {
            return codec.usesGroup();
        }

        @Override
        GroupContext groupOf(V value) {
            return codec.inferGroup(value);
        }

        @Override
        void write(BinaryWriter out, GroupContext group, V value, String path) {
            codec.writeBody(out, group, value, path);
        }

        @Override
        V read(BinaryReader in, GroupContext group, String path) {
            return codec.readBody(in, group, path);
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, V value, String path) {
            gen.writeStartObject();
            codec.writeJsonBody(gen, group, value, path);
            gen.writeEndObject();
        }

        @Override
        @SuppressWarnings("unchecked")
        V readJson(Object json, GroupContext group, String path) {
            if (!(json instanceof Map<?, ?> map)) {
                throw new WireFormatException("W.12", path + " must be an object, got " + JsonTree.kind(json));
            }
            return codec.readJsonBody((Map<String, Object>) map, Set.of(), group, path);
        }
    }

    static final class ListType<E> extends FieldType<List<E>> {
        private final FieldType<E> element;
        private final int max;

        ListType(FieldType<E> element, int max) {
            this.element = Objects.requireNonNull(element, "element type");
            if (element.nullable()) {
                throw new IllegalArgumentException("list elements cannot be optional");
            }
            if (max < 0) {
                throw new IllegalArgumentException("maximum count must be >= 0");
            }
            this.max = max;
        }

        @Override
        public String describe() {
            return "list[<=" + max + "] of " + element.describe();
        }

        @Override
        boolean usesGroup() {
            return element.usesGroup();
        }

        @Override
        GroupContext groupOf(List<E> value) {
            for (E e : value) {
                GroupContext g = e == null ? null : element.groupOf(e);
                if (g != null) {
                    return g;
                }
            }
            return null;
        }

        private void check(List<E> value, String path) {
            if (value.size() > max) {
                throw new WireFormatException("W.9", "cannot encode " + path + ": " + value.size()
                        + " elements above maximum " + max);
            }
        }

        private static <E> E nonNull(E e, String path) {
            if (e == null) {
                throw new WireFormatException("W.13", "cannot encode " + path + ": null element");
            }
            return e;
        }

        @Override
        void write(BinaryWriter out, GroupContext group, List<E> value, String path) {
            check(value, path);
            out.u32(value.size());
            for (int i = 0; i < value.size(); i++) {
                String p = path + "[" + i + "]";
                element.write(out, group, nonNull(value.get(i), p), p);
            }
        }

        @Override
        List<E> read(BinaryReader in, GroupContext group, String path) {
            long count = in.u32(path);
            if (count > max) {
                throw new WireFormatException("W.9", "count " + count + " of " + path + " above maximum " + max);
            }
            // never trust the count for the allocation: each element takes at least one byte
            List<E> list = new ArrayList<>((int) Math.min(count, in.remaining()));
            for (int i = 0; i < count; i++) {
                list.add(element.read(in, group, path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(list);
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, List<E> value, String path) {
            check(value, path);
            gen.writeStartArray();
            for (int i = 0; i < value.size(); i++) {
                String p = path + "[" + i + "]";
                element.writeJson(gen, group, nonNull(value.get(i), p), p);
            }
            gen.writeEndArray();
        }

        @Override
        List<E> readJson(Object json, GroupContext group, String path) {
            if (!(json instanceof List<?> array)) {
                throw new WireFormatException("W.12", path + " must be an array, got " + JsonTree.kind(json));
            }
            if (array.size() > max) {
                throw new WireFormatException("W.9", "count " + array.size() + " of " + path + " above maximum " + max);
            }
            List<E> list = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                list.add(element.readJson(array.get(i), group, path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(list);
        }
    }

    static final class OptionalType<V> extends FieldType<V> {
        private final FieldType<V> type;

        OptionalType(FieldType<V> type) {
            this.type = Objects.requireNonNull(type, "type");
            if (type.nullable()) {
                throw new IllegalArgumentException("optional of optional");
            }
        }

        @Override
        public String describe() {
            return "optional " + type.describe();
        }

        @Override
        boolean usesGroup() {
            return type.usesGroup();
        }

        @Override
        boolean nullable() {
            return true;
        }

        @Override
        GroupContext groupOf(V value) {
            return value == null ? null : type.groupOf(value);
        }

        @Override
        void write(BinaryWriter out, GroupContext group, V value, String path) {
            if (value == null) {
                out.u8(0);
            } else {
                out.u8(1);
                type.write(out, group, value, path);
            }
        }

        @Override
        V read(BinaryReader in, GroupContext group, String path) {
            int flag = in.u8(path);
            if (flag > 1) {
                throw new WireFormatException("W.12", "presence flag of " + path + " must be 0 or 1, got " + flag);
            }
            return flag == 0 ? null : type.read(in, group, path);
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, V value, String path) {
            if (value == null) {
                gen.writeNull();
            } else {
                type.writeJson(gen, group, value, path);
            }
        }

        @Override
        V readJson(Object json, GroupContext group, String path) {
            return json == JsonTree.NULL ? null : type.readJson(json, group, path);
        }
    }
}

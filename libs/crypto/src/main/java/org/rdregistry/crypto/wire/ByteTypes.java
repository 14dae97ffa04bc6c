package org.rdregistry.crypto.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.rdregistry.crypto.group.GroupContext;

import tools.jackson.core.JsonGenerator;

/** The byte-string field kinds of spec §8.3: variable and fixed-length byte strings, UTF-8 strings. */
final class ByteTypes {

    private ByteTypes() {
    }

    static final class BytesType extends FieldType<byte[]> {
        private final int max;

        BytesType(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maximum length must be >= 0");
            }
            this.max = max;
        }

        @Override
        public String describe() {
            return "bytes[<=" + max + "]";
        }

        @Override
        boolean usesGroup() {
            return false;
        }

        private void check(byte[] value, String path) {
            if (value.length > max) {
                throw new WireFormatException("W.9", "cannot encode " + path + ": " + value.length
                        + " bytes above maximum " + max);
            }
        }

        @Override
        void write(BinaryWriter out, GroupContext group, byte[] value, String path) {
            check(value, path);
            out.u32(value.length);
            out.bytes(value);
        }

        @Override
        byte[] read(BinaryReader in, GroupContext group, String path) {
            long len = in.u32(path);
            if (len > max) {
                throw new WireFormatException("W.9", "length " + len + " of " + path + " above maximum " + max);
            }
            return in.take((int) len, path);
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, byte[] value, String path) {
            check(value, path);
            gen.writeString(JsonTree.base64(value));
        }

        @Override
        byte[] readJson(Object json, GroupContext group, String path) {
            String s = FieldType.jsonString(json, path);
            if (s.length() > JsonTree.base64Length(max)) {
                throw new WireFormatException("W.9", path + " longer than the maximum " + max + " bytes");
            }
            byte[] b = JsonTree.unbase64(s, path);
            if (b.length > max) {
                throw new WireFormatException("W.9", "length " + b.length + " of " + path + " above maximum " + max);
            }
            return b;
        }
    }

    static final class FixedBytesType extends FieldType<byte[]> {
        private final int length;

        FixedBytesType(int length) {
            if (length <= 0) {
                throw new IllegalArgumentException("fixed length must be > 0");
            }
            this.length = length;
        }

        @Override
        public String describe() {
            return "bytes[" + length + "]";
        }

        @Override
        boolean usesGroup() {
            return false;
        }

        private void check(byte[] value, String path) {
            if (value.length != length) {
                throw new WireFormatException("W.12", "cannot encode " + path + ": must be " + length + " bytes");
            }
        }

        @Override
        void write(BinaryWriter out, GroupContext group, byte[] value, String path) {
            check(value, path);
            out.bytes(value);
        }

        @Override
        byte[] read(BinaryReader in, GroupContext group, String path) {
            return in.take(length, path);
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, byte[] value, String path) {
            check(value, path);
            gen.writeString(JsonTree.base64(value));
        }

        @Override
        byte[] readJson(Object json, GroupContext group, String path) {
            return PrimitiveTypes.fixedBase64(json, length, path);
        }
    }

    static final class StringType extends FieldType<String> {
        private final int max;

        StringType(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maximum length must be >= 0");
            }
            this.max = max;
        }

        @Override
        public String describe() {
            return "string[<=" + max + "]";
        }

        @Override
        boolean usesGroup() {
            return false;
        }

        /** Strict UTF-8 (no lone surrogates), within the byte limit. */
        private byte[] utf8(String s, String path, String what) {
            if (s.length() > max) {
                throw new WireFormatException("W.9", what + path + " longer than the maximum " + max + " bytes");
            }
            ByteBuffer bb;
            try {
                bb = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            } catch (CharacterCodingException e) {
                throw new WireFormatException("W.12", what + path + " is not well-formed Unicode");
            }
            byte[] b = Arrays.copyOfRange(bb.array(), bb.arrayOffset() + bb.position(), bb.arrayOffset() + bb.limit());
            if (b.length > max) {
                throw new WireFormatException("W.9", what + path + ": " + b.length + " UTF-8 bytes above maximum " + max);
            }
            return b;
        }

        @Override
        void write(BinaryWriter out, GroupContext group, String value, String path) {
            byte[] b = utf8(value, path, "cannot encode ");
            out.u32(b.length);
            out.bytes(b);
        }

        @Override
        String read(BinaryReader in, GroupContext group, String path) {
            long len = in.u32(path);
            if (len > max) {
                throw new WireFormatException("W.9", "length " + len + " of " + path + " above maximum " + max);
            }
            byte[] b = in.take((int) len, path);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new WireFormatException("W.12", path + " is not well-formed UTF-8");
            }
        }

        @Override
        void writeJson(JsonGenerator gen, GroupContext group, String value, String path) {
            utf8(value, path, "cannot encode ");
            gen.writeString(value);
        }

        @Override
        String readJson(Object json, GroupContext group, String path) {
            String s = FieldType.jsonString(json, path);
            utf8(s, path, "");
            return s;
        }
    }
}

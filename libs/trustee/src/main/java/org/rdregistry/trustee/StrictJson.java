package org.rdregistry.trustee;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.wire.Wire;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The trustee files' JSON: written deterministically (fixed property order, two-space indentation, one
 * trailing newline), so that every trustee produces byte-identical public files; read strictly (exactly
 * the documented properties, no duplicates, no trailing content, canonical base64url), so that a
 * changed byte is never silently accepted. Values of the crypto library are embedded in their wire JSON
 * form (spec §8.5).
 */
public final class StrictJson {

    /** Largest JSON file any trustee command reads. */
    public static final int MAX_BYTES = 8 << 20;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private StrictJson() {
    }

    /** Malformed input; the message names the property, never a value. */
    public static final class MalformedException extends TrusteeException {
        private static final long serialVersionUID = 1L;

        public MalformedException(String message) {
            super(message);
        }
    }

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** Pretty-printed UTF-8 with a final newline. */
    public static byte[] write(JsonNode node) {
        String s = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One line, no trailing newline (board messages). */
    public static byte[] writeCompact(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** Parses a document that must be one JSON object. */
    public static ObjectNode parseObject(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new MalformedException("document larger than " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedException("not valid UTF-8");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedException("not well-formed JSON");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedException("not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Requires exactly these property names (optional ones may be absent). */
    public static void requireProperties(JsonNode node, String where, Set<String> required, Set<String> optional) {
        Set<String> present = new TreeSet<>(node.propertyNames());
        for (String r : required) {
            if (!present.remove(r)) {
                throw new MalformedException(where + ": property \"" + r + "\" is missing");
            }
        }
        present.removeAll(optional);
        if (!present.isEmpty()) {
            throw new MalformedException(where + ": unknown properties " + present);
        }
    }

    public static ObjectNode object(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isObject()) {
            throw new MalformedException("property \"" + name + "\" must be an object");
        }
        return (ObjectNode) v;
    }

    public static int integer(JsonNode node, String name, int min, int max) {
        JsonNode v = node.get(name);
        if (v == null || !v.isInt() || v.intValue() < min || v.intValue() > max) {
            throw new MalformedException("property \"" + name + "\" must be an integer in [" + min + ", " + max + "]");
        }
        return v.intValue();
    }

    public static String string(JsonNode node, String name, int maxLength) {
        JsonNode v = node.get(name);
        if (v == null || !v.isString() || v.stringValue().length() > maxLength) {
            throw new MalformedException("property \"" + name + "\" must be a string of at most " + maxLength
                    + " characters");
        }
        return v.stringValue();
    }

    /** A property that must be exactly {@code expected}. */
    public static void constant(JsonNode node, String name, String expected) {
        if (!expected.equals(string(node, name, 256))) {
            throw new MalformedException("property \"" + name + "\" must be \"" + expected + "\"");
        }
    }

    /** Canonical unpadded base64url of {@code minBytes}..{@code maxBytes} bytes. */
    public static byte[] base64(JsonNode node, String name, int minBytes, int maxBytes) {
        String s = string(node, name, (maxBytes * 4 + 2) / 3);
        byte[] bytes;
        try {
            bytes = B64_DECODER.decode(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("property \"" + name + "\" is not base64url");
        }
        if (!B64.encodeToString(bytes).equals(s)) {
            throw new MalformedException("property \"" + name + "\" is not canonical unpadded base64url");
        }
        if (bytes.length < minBytes || bytes.length > maxBytes) {
            throw new MalformedException("property \"" + name + "\" must hold " + minBytes + ".." + maxBytes + " bytes");
        }
        return bytes;
    }

    public static String base64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    /** The wire JSON form of a crypto value as a tree, for embedding. */
    public static JsonNode wire(Object value) {
        return MAPPER.readTree(Wire.toJson(value));
    }

    /** Decodes an embedded wire JSON value (validated by the wire codec; curve checked if given). */
    public static <T> T wire(JsonNode node, String name, Class<T> type, GroupContext group) {
        JsonNode v = node.get(name);
        if (v == null || !v.isObject()) {
            throw new MalformedException("property \"" + name + "\" must be a wire JSON object");
        }
        try {
            String json = MAPPER.writeValueAsString(v);
            return group == null ? Wire.fromJson(json, type) : Wire.fromJson(json, type, group);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("property \"" + name + "\" is not a valid " + type.getSimpleName()
                    + " (" + e.getMessage() + ")");
        }
    }
}

package org.rdregistry.crypto.wire;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * A small, strict JSON reader into plain Java values (spec check W.15): objects become
 * {@code LinkedHashMap<String, Object>}, arrays {@code List<Object>}, strings {@code String}, integers
 * {@code BigInteger}, booleans {@code Boolean}, {@code null} becomes {@link #NULL} and non-integral numbers
 * become {@link FloatNumber} (always rejected later). Duplicate property names, nesting deeper than
 * {@value #MAX_DEPTH} and more than {@value #MAX_VALUES} values are rejected whatever the caller's
 * {@code ObjectMapper} is configured to allow, so the Jackson module is as strict as the facade.
 */
final class JsonTree {

    static final int MAX_DEPTH = 32;
    static final int MAX_VALUES = 1 << 21;

    /** JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number with a fraction or exponent; never valid in this format. */
    record FloatNumber(String text) {
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private int values;

    private JsonTree() {
    }

    /** Parses a whole document that must be exactly one JSON object (spec checks W.1, W.15). */
    static Map<String, Object> parseDocument(ObjectMapper mapper, String json) {
        if (json == null) {
            throw new WireFormatException("W.15", "no JSON document");
        }
        if (json.length() > Wire.MAX_JSON_CHARS) {
            throw new WireFormatException("W.1", "JSON document of " + json.length() + " characters exceeds "
                    + Wire.MAX_JSON_CHARS);
        }
        try (JsonParser p = mapper.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new WireFormatException("W.15", "expected a JSON object");
            }
            Map<String, Object> result = readObject(p);
            if (p.nextToken() != null) {
                throw new WireFormatException("W.15", "trailing content after the JSON object");
            }
            return result;
        } catch (JacksonException e) {
            throw new WireFormatException("W.15", "malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads the object the parser is positioned on (START_OBJECT) and leaves it on END_OBJECT. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(JsonParser p) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new WireFormatException("W.15", "expected a JSON object, got " + p.currentToken());
        }
        return (Map<String, Object>) new JsonTree().read(p, 0);
    }

    private Object read(JsonParser p, int depth) {
        if (++values > MAX_VALUES) {
            throw new WireFormatException("W.15", "JSON document has more than " + MAX_VALUES + " values");
        }
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new WireFormatException("W.15", "unexpected end of JSON input");
        }
        switch (t) {
            case START_OBJECT -> {
                checkDepth(depth);
                Map<String, Object> map = new LinkedHashMap<>();
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    p.nextToken();
                    if (map.containsKey(name)) {
                        throw new WireFormatException("W.15", "duplicate JSON property \"" + name + "\"");
                    }
                    map.put(name, read(p, depth + 1));
                }
                return map;
            }
            case START_ARRAY -> {
                checkDepth(depth);
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p, depth + 1));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getString();
            }
            case VALUE_NUMBER_INT -> {
                return p.getBigIntegerValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return new FloatNumber(p.getString());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new WireFormatException("W.15", "unexpected JSON token " + t);
        }
    }

    private static void checkDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new WireFormatException("W.15", "JSON nested deeper than " + MAX_DEPTH);
        }
    }

    /** A short name of a JSON value's kind, for error messages (never the value itself). */
    static String kind(Object json) {
        if (json == NULL) {
            return "null";
        } else if (json instanceof String) {
            return "a string";
        } else if (json instanceof BigInteger) {
            return "an integer";
        } else if (json instanceof FloatNumber) {
            return "a non-integral number";
        } else if (json instanceof Boolean) {
            return "a boolean";
        } else if (json instanceof Map) {
            return "an object";
        } else if (json instanceof List) {
            return "an array";
        }
        return "an unknown value";
    }

    static String base64(byte[] b) {
        return B64.encodeToString(b);
    }

    /** Largest number of unpadded base64url characters that {@code maxBytes} bytes can need. */
    static long base64Length(long maxBytes) {
        return (maxBytes * 4 + 2) / 3;
    }

    /**
     * Decodes canonical unpadded base64url (spec check W.12): only the URL-safe alphabet, no padding, no
     * whitespace and zero unused trailing bits, so every byte string has exactly one JSON form.
     */
    static byte[] unbase64(String s, String path) {
        byte[] out;
        try {
            out = B64_DECODER.decode(s);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("W.12", "bad base64url in " + path);
        }
        if (!B64.encodeToString(out).equals(s)) {
            throw new WireFormatException("W.12", "non-canonical base64url in " + path
                    + " (padding or non-zero trailing bits)");
        }
        return out;
    }
}

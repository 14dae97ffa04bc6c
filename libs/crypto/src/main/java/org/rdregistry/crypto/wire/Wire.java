package org.rdregistry.crypto.wire;

import java.util.Map;
import java.util.Set;

import org.rdregistry.crypto.group.GroupContext;

import tools.jackson.core.JsonParser;

/**
 * Facade for the wire format (spec §8) over {@link WireRegistry#standard()}:
 *
 * <pre>{@code
 * byte[] bytes = Wire.toBytes(ciphertext);                       // compact, canonical
 * Ciphertext c = Wire.fromBytes(bytes, Ciphertext.class, group); // validated, curve checked
 * String json  = Wire.toJson(publicKey);                         // {"v":1,"curve":"P-256",...}
 * JsonMapper m = JsonMapper.builder().addModule(Wire.jacksonModule()).build();
 * }</pre>
 *
 * <p>Every decoding failure is a {@link WireFormatException} naming the failed check (W.n) and field.
 */
public final class Wire {

    /** The format version written in every message (binary header byte 2, JSON "v"). */
    public static final int VERSION = 1;
    /** Largest binary message accepted or produced (spec check W.1): 8 MiB. */
    public static final int MAX_MESSAGE_BYTES = 8 << 20;
    /** Largest JSON document accepted or produced by the facade (spec check W.1): 12 Mi characters. */
    public static final int MAX_JSON_CHARS = 12 << 20;

    private Wire() {
    }

    public static byte[] toBytes(Object value) {
        return WireRegistry.standard().toBytes(value);
    }

    public static <T> T fromBytes(byte[] bytes, Class<T> type) {
        return WireRegistry.standard().fromBytes(bytes, type);
    }

    public static <T> T fromBytes(byte[] bytes, Class<T> type, GroupContext expectedGroup) {
        return WireRegistry.standard().fromBytes(bytes, type, expectedGroup);
    }

    /** Any standard type, chosen by the message's type tag. */
    public static Object fromBytes(byte[] bytes) {
        return WireRegistry.standard().fromBytes(bytes);
    }

    public static String toJson(Object value) {
        return WireRegistry.standard().toJson(value);
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return WireRegistry.standard().fromJson(json, type);
    }

    public static <T> T fromJson(String json, Class<T> type, GroupContext expectedGroup) {
        return WireRegistry.standard().fromJson(json, type, expectedGroup);
    }

    /** Any standard type, chosen by the document's "type". */
    public static Object fromJson(String json) {
        return WireRegistry.standard().fromJson(json);
    }

    /**
     * Reads a {@code type} in its JSON form from a Jackson parser positioned on its object, with every
     * envelope and field-set check, but decodes only the named {@code fields} (with all their checks)
     * and returns them by name; the others are checked to be present, not decoded, and the value is not
     * built. For a reader that needs a part of a value and relies on another party having checked the
     * rest, e.g. the ciphertexts of a proof-carrying value whose proofs were verified elsewhere.
     *
     * @param expectedGroup the curve the value must be on, or null for any
     * @throws WireFormatException as {@link #fromJson}, for what is checked
     */
    public static Map<String, Object> readJsonFields(JsonParser parser, Class<?> type, GroupContext expectedGroup,
                                                     Set<String> fields) {
        WireRegistry registry = WireRegistry.standard();
        return Envelope.readJsonFields(registry, JsonTree.readObject(parser), registry.codecFor(type), expectedGroup,
                Set.copyOf(fields));
    }

    /** The Jackson 3 module for the standard types, for services embedding them in their own JSON. */
    public static WireModule jacksonModule() {
        return WireRegistry.standard().jacksonModule();
    }
}

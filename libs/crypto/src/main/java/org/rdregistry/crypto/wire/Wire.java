package org.rdregistry.crypto.wire;

import org.rdregistry.crypto.group.GroupContext;

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

    /** The Jackson 3 module for the standard types, for services embedding them in their own JSON. */
    public static WireModule jacksonModule() {
        return WireRegistry.standard().jacksonModule();
    }
}

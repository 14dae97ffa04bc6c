package org.rdregistry.crypto.wire;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.ZeroOneProof;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * An immutable set of top-level codecs, looked up by class, type tag and type name, with the encode and
 * decode operations of both wire forms. {@link #standard()} holds {@link StandardCodecs#all()} and backs
 * the {@link Wire} facade; {@link #toBuilder()} extends it (services' own types, tests).
 */
public final class WireRegistry {

    /** Types that hold secrets and must never get a wire form (spec check W.0). */
    static final Map<Class<?>, String> SECRET_TYPES = Map.of(
            Encryption.class, "Encryption holds the secret encryption randomness; send encryption.ciphertext()",
            KeyPair.class, "KeyPair holds a secret key; send keyPair.publicKey()",
            ZeroOneProof.ProvenBit.class, "ZeroOneProof.ProvenBit holds the secret encryption randomness; send"
                    + " ciphertext() and proof()",
            RangeProof.Result.class, "RangeProof.Result holds the secret randomness of the value; send proof() and"
                    + " value().ciphertext()",
            TrusteeKeyShare.class, "TrusteeKeyShare holds a trustee's secret key share; send jointKey()",
            TestOnlyTrustedDealer.Deal.class, "TestOnlyTrustedDealer.Deal holds the joint secret and every secret"
                    + " share; send jointKey()");

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final WireRegistry STANDARD = builder().addAll(StandardCodecs.all()).build();

    private final List<Codec<?>> codecs;
    private final Map<Class<?>, Codec<?>> byClass;
    private final Map<Integer, Codec<?>> byTag;
    private final Map<String, Codec<?>> byName;

    private WireRegistry(List<Codec<?>> codecs) {
        this.codecs = codecs.stream().sorted(Comparator.comparingInt(Codec::tag)).toList();
        Map<Class<?>, Codec<?>> c = new HashMap<>();
        Map<Integer, Codec<?>> t = new HashMap<>();
        Map<String, Codec<?>> n = new HashMap<>();
        for (Codec<?> codec : this.codecs) {
            c.put(codec.type(), codec);
            t.put(codec.tag(), codec);
            n.put(codec.name(), codec);
        }
        this.byClass = Map.copyOf(c);
        this.byTag = Map.copyOf(t);
        this.byName = Map.copyOf(n);
    }

    /** The library's standard codecs. */
    public static WireRegistry standard() {
        return STANDARD;
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this registry's codecs, to add more. */
    public Builder toBuilder() {
        return builder().addAll(codecs);
    }

    /** All codecs in tag order. */
    public List<Codec<?>> codecs() {
        return codecs;
    }

    /** The codec of a class; {@link IllegalArgumentException} if it has none (or must never have one). */
    @SuppressWarnings("unchecked")
    public <T> Codec<T> codecFor(Class<T> type) {
        Objects.requireNonNull(type, "type");
        Codec<?> codec = byClass.get(type);
        if (codec == null) {
            String secret = SECRET_TYPES.get(type);
            throw new IllegalArgumentException(secret != null ? secret + " (no wire form)"
                    : "no wire codec for " + type.getName());
        }
        return (Codec<T>) codec;
    }

    public Optional<Codec<?>> codecForTag(int tag) {
        return Optional.ofNullable(byTag.get(tag));
    }

    public Optional<Codec<?>> codecForName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @SuppressWarnings("unchecked")
    private <T> Codec<T> codecOf(T value) {
        return (Codec<T>) codecFor(Objects.requireNonNull(value, "value").getClass());
    }

    /** The canonical binary form of a value (spec §8.2). */
    public byte[] toBytes(Object value) {
        return Envelope.encode(codecOf(value), value);
    }

    /** Decodes a binary message that must hold a value of {@code type}, on any curve. */
    public <T> T fromBytes(byte[] bytes, Class<T> type) {
        return fromBytes(bytes, type, null);
    }

    /** Decodes a binary message that must hold a value of {@code type} on {@code expectedGroup}. */
    public <T> T fromBytes(byte[] bytes, Class<T> type, GroupContext expectedGroup) {
        Codec<T> codec = codecFor(type);
        return type.cast(Envelope.decode(this, bytes, codec, expectedGroup));
    }

    /** Decodes a binary message of any registered type (dispatch on its type tag). */
    public Object fromBytes(byte[] bytes) {
        return Envelope.decode(this, bytes, null, null);
    }

    /** The JSON form of a value (spec §8.5). */
    public String toJson(Object value) {
        Codec<Object> codec = codecOf(value);
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = MAPPER.createGenerator(out)) {
            Envelope.writeJson(gen, codec, value);
        }
        if (out.getBuffer().length() > Wire.MAX_JSON_CHARS) {
            throw new WireFormatException("W.1", "cannot encode: JSON would exceed " + Wire.MAX_JSON_CHARS
                    + " characters");
        }
        return out.toString();
    }

    /** Decodes a JSON document that must hold a value of {@code type}, on any curve. */
    public <T> T fromJson(String json, Class<T> type) {
        return fromJson(json, type, null);
    }

    /** Decodes a JSON document that must hold a value of {@code type} on {@code expectedGroup}. */
    public <T> T fromJson(String json, Class<T> type, GroupContext expectedGroup) {
        Codec<T> codec = codecFor(type);
        return type.cast(Envelope.readJson(this, JsonTree.parseDocument(MAPPER, json), codec, expectedGroup));
    }

    /** Decodes a JSON document of any registered type (dispatch on its "type"). */
    public Object fromJson(String json) {
        return Envelope.readJson(this, JsonTree.parseDocument(MAPPER, json), null, null);
    }

    /** A Jackson 3 module with a serializer and deserializer for every codec of this registry. */
    public WireModule jacksonModule() {
        return new WireModule(this);
    }

    /** Collects codecs; {@link #build()} rejects duplicate classes, tags and names. */
    public static final class Builder {
        private final List<Codec<?>> codecs = new ArrayList<>();

        private Builder() {
        }

        public Builder add(Codec<?> codec) {
            Objects.requireNonNull(codec, "codec");
            if (!codec.isTopLevel()) {
                throw new IllegalArgumentException(codec + " is nested-only and has no type tag");
            }
            if (SECRET_TYPES.containsKey(codec.type())) {
                throw new IllegalArgumentException(SECRET_TYPES.get(codec.type()) + " (no wire form)");
            }
            for (Codec<?> c : codecs) {
                if (c.tag() == codec.tag() || c.name().equals(codec.name()) || c.type() == codec.type()) {
                    throw new IllegalArgumentException(codec + " collides with " + c
                            + " (tag, name or class already registered)");
                }
            }
            codecs.add(codec);
            return this;
        }

        public Builder addAll(List<? extends Codec<?>> more) {
            more.forEach(this::add);
            return this;
        }

        public WireRegistry build() {
            return new WireRegistry(codecs);
        }
    }
}

package org.rdregistry.crypto.wire;

import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Jackson 3 module: each registered type is written and read in its JSON wire form (spec §8.5), so a
 * service can embed ciphertexts, keys and proofs in its own events and get exactly the facade's
 * validation. Failures surface as {@link DatabindException} whose cause is the
 * {@link WireFormatException}.
 *
 * <p>It also registers refusing serializers and deserializers for the secret-holding types
 * ({@code WireRegistry.SECRET_TYPES}: {@code Encryption}, {@code KeyPair}, {@code TrusteeKeyShare}, ...):
 * without them Jackson would happily write a record's secret components as bean properties.
 */
public final class WireModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    WireModule(WireRegistry registry) {
        super("rdregistry-crypto-wire");
        for (Codec<?> codec : registry.codecs()) {
            register(registry, codec);
        }
        for (Map.Entry<Class<?>, String> secret : WireRegistry.SECRET_TYPES.entrySet()) {
            refuse(secret.getKey(), secret.getValue());
        }
    }

    private <T> void register(WireRegistry registry, Codec<T> codec) {
        addSerializer(codec.type(), new CodecSerializer<>(codec));
        addDeserializer(codec.type(), new CodecDeserializer<>(registry, codec));
    }

    private <T> void refuse(Class<T> type, String reason) {
        addSerializer(type, new ValueSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializationContext ctxt) {
                throw DatabindException.from(gen, reason + " (no wire form)");
            }
        });
        addDeserializer(type, new ValueDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) {
                throw DatabindException.from(p, reason + " (no wire form)");
            }
        });
    }

    private static final class CodecSerializer<T> extends ValueSerializer<T> {
        private final Codec<T> codec;

        CodecSerializer(Codec<T> codec) {
            this.codec = codec;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializationContext ctxt) {
            try {
                Envelope.writeJson(gen, codec, value);
            } catch (WireFormatException e) {
                throw DatabindException.from(gen, e.getMessage(), e);
            }
        }

        @Override
        public Class<?> handledType() {
            return codec.type();
        }
    }

    private static final class CodecDeserializer<T> extends ValueDeserializer<T> {
        private final WireRegistry registry;
        private final Codec<T> codec;

        CodecDeserializer(WireRegistry registry, Codec<T> codec) {
            this.registry = registry;
            this.codec = codec;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            try {
                return codec.type().cast(Envelope.readJson(registry, JsonTree.readObject(p), codec, null));
            } catch (WireFormatException e) {
                throw DatabindException.from(p, e.getMessage(), e);
            }
        }

        @Override
        public Class<?> handledType() {
            return codec.type();
        }
    }
}

package org.rdregistry.registry.events;

import org.rdregistry.crypto.wire.Wire;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper for registry events and HTTP bodies: Jackson 3 with the crypto wire module, so
 * every ciphertext and proof is written in its versioned, validated wire form; unknown
 * properties, nulls for primitives and fractions for integers are rejected.
 */
public final class RegistryJson {

    private static final JsonMapper MAPPER = builder().build();

    private RegistryJson() {
    }

    /** A builder preconfigured like {@link #mapper()}, for services that add their own modules. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .addModule(Wire.jacksonModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // 2.5 for an integer (a model's points, a count) is an error, never silently truncated to 2
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}

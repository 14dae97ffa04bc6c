package org.rdregistry.consult.engine;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.rdregistry.registry.events.RegistryJson;

/**
 * JSON serde over {@link RegistryJson#mapper()} for the state stores: ciphertexts and proofs in their validated
 * wire form. {@code null} stays {@code null} (tombstones).
 */
final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;

    JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : RegistryJson.mapper().writeValueAsBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return RegistryJson.mapper().readValue(bytes, type);
            } catch (RuntimeException e) {
                // the cause's message may quote the input; keep only its type
                throw new SerializationException("cannot read " + type.getSimpleName() + " (" + e.getClass().getSimpleName()
                        + ")");
            }
        };
    }
}

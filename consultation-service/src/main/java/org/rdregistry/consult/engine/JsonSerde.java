package org.rdregistry.consult.engine;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.rdregistry.registry.events.RegistryJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON serde over {@link RegistryJson#mapper()} for the state stores: ciphertexts and proofs in their validated
 * wire form. {@code null} stays {@code null} (tombstones).
 */
final class JsonSerde<T> implements Serde<T> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonSerde.class);

    private final Class<T> type;
    private final boolean unreadableAsAbsent;

    JsonSerde(Class<T> type) {
        this(type, false);
    }

    /**
     * @param unreadableAsAbsent read a value that does not decode (a state written by an older, incompatible
     *     version) as absent instead of failing the whole Streams client; the processor then drops it
     */
    JsonSerde(Class<T> type, boolean unreadableAsAbsent) {
        this.type = type;
        this.unreadableAsAbsent = unreadableAsAbsent;
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
                if (unreadableAsAbsent) {
                    LOG.warn("unreadable {} in {} ({}): treated as absent", type.getSimpleName(), topic,
                            e.getClass().getSimpleName());
                    return null;
                }
                // the cause's message may quote the input; keep only its type
                throw new SerializationException("cannot read " + type.getSimpleName() + " (" + e.getClass().getSimpleName()
                        + ")");
            }
        };
    }
}

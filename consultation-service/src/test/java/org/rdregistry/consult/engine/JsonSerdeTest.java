package org.rdregistry.consult.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.rdregistry.registry.consult.PurgeMarker;

/** A stored case of an older, incompatible format must not take the whole service down. */
class JsonSerdeTest {

    private static final byte[] OLD_FORMAT = "{\"consultationId\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aStrictSerdeFailsAndTheCaseStoreSerdeReadsAnUnreadableValueAsAbsent() {
        assertThatThrownBy(() -> new JsonSerde<>(PurgeMarker.class).deserializer().deserialize("t", OLD_FORMAT))
                .isInstanceOf(SerializationException.class)
                .hasMessage("cannot read PurgeMarker (ValueInstantiationException)");
        assertThat(new JsonSerde<>(PurgeMarker.class, true).deserializer().deserialize("t", OLD_FORMAT)).isNull();
        assertThat(new JsonSerde<>(PurgeMarker.class, true).deserializer().deserialize("t", null)).isNull();
    }
}

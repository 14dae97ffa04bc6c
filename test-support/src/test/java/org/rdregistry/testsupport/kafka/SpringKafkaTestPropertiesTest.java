package org.rdregistry.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class SpringKafkaTestPropertiesTest {

    @Test
    void registersBootstrapServersForSpringBoot() {
        Map<String, Supplier<Object>> registered = new HashMap<>();

        SpringKafkaTestProperties.register(registered::put);

        assertThat(registered).containsOnlyKeys("spring.kafka.bootstrap-servers");
        assertThat(registered.get("spring.kafka.bootstrap-servers").get())
                .isEqualTo(KafkaTestBroker.get().bootstrapServers());
    }
}

package org.rdregistry.testsupport.kafka;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test at the {@link KafkaTestBroker}:
 *
 * <pre>{@code
 * @SpringBootTest
 * class IntakeIT {
 *     @DynamicPropertySource
 *     static void kafka(DynamicPropertyRegistry registry) {
 *         SpringKafkaTestProperties.register(registry);
 *     }
 * }
 * }</pre>
 *
 * The value is supplied lazily, so the broker starts when the application context first reads
 * the property. Producers, consumers, admin and Kafka Streams all inherit
 * {@code spring.kafka.bootstrap-servers}.
 */
public final class SpringKafkaTestProperties {

    /** The Spring Boot property set by {@link #register(DynamicPropertyRegistry)}. */
    public static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";

    private SpringKafkaTestProperties() {
    }

    /** Registers {@code spring.kafka.bootstrap-servers} = the test broker's bootstrap servers. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add(BOOTSTRAP_SERVERS, () -> KafkaTestBroker.get().bootstrapServers());
    }
}

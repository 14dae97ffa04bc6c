package org.rdregistry.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** How a Spring Boot service test uses the broker: one {@code @DynamicPropertySource}. */
@SpringBootTest(classes = SpringBootKafkaTest.App.class)
class SpringBootKafkaTest {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        SpringKafkaTestProperties.register(registry);
    }

    @Autowired
    KafkaTemplate<String, String> template;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void autoConfiguredKafkaTemplateTalksToTheTestBroker() throws Exception {
        KafkaTestBroker kafka = KafkaTestBroker.get();
        assertThat(bootstrapServers).isEqualTo(kafka.bootstrapServers());
        String topic = kafka.createTopic(KafkaTestBroker.uniqueName("spring"), 1);

        template.send(topic, "k", "from-spring").get();

        try (KafkaConsumer<String, String> consumer = TestClients.consumer(kafka, "read_committed")) {
            consumer.subscribe(List.of(topic));
            assertThat(TestClients.values(TestClients.pollUntil(consumer, seen -> !seen.isEmpty())))
                    .containsExactly("from-spring");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}

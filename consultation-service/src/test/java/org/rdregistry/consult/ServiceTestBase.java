package org.rdregistry.consult;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The application context most test classes share (same configuration, so Spring starts it once): the real
 * service on the test broker with its own topics (fast compaction), the fake scorer and trustees, real crypto.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
abstract class ServiceTestBase {

    static final String PREFIX = KafkaTestBroker.uniqueName("consult") + ".";
    static final Path STATE_DIR = TestConsult.newStateDir();
    static final FakeCompute COMPUTE;

    static {
        TestConsult.createTopics(PREFIX);
        COMPUTE = FakeCompute.start(PREFIX);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestConsult.properties(PREFIX, STATE_DIR).forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    WebTestClient client;

    ConsultApi api;

    @BeforeEach
    void awaitReady() {
        api = new ConsultApi(client);
        api.awaitReady();
    }
}

package org.rdregistry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rdregistry.intake.kafka.IntakeTopics;
import org.rdregistry.intake.kafka.RecordIndex;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/** 503 (and nothing written) when the event store cannot be reached; readiness follows the broker. */
class BrokerDownTest {

    static final String HOSPITAL = TestRegistry.token("hospital-a", "hospital");

    static String deadAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "localhost:" + s.getLocalPort();     // closed again: nothing listens there
        }
    }

    static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    static WebTestClient.ResponseSpec submit(WebTestClient client, String body) {
        return client.post().uri("/api/v1/records").header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void withoutABrokerSubmissionsAre503AndTheInstanceIsNotReady() throws IOException {
        Map<String, Object> props = TestRegistry.properties(KafkaTestBroker.uniqueName("down") + ".",
                KafkaTestBroker.uniqueName("down"), 1 << 20);
        props.put("spring.kafka.bootstrap-servers", deadAddress());
        props.put("spring.kafka.admin.operation-timeout", "2s");
        props.put("spring.kafka.admin.close-timeout", "1s");
        props.put("server.port", "0");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(IntakeApplication.class)
                .run(TestRegistry.args(props))) {
            WebTestClient client = client(context);
            WebTestClient.ResponseSpec response = submit(client, "{}");
            response.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5");
            IntakeApiTest.problem(response, 503, "service-unavailable");

            byte[] readiness = client.get().uri("/actuator/health/readiness").exchange()
                    .expectStatus().isEqualTo(503).expectBody().returnResult().getResponseBody();
            assertThat(IntakeApiTest.tree(readiness).get("status").asString()).isEqualTo("DOWN");
            client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
            client.get().uri("/api/v1/registry").exchange().expectStatus().isOk();
            IntakeApiTest.problem(client.delete().uri("/api/v1/patients/{p}/cohorts/{c}",
                    TestRegistry.pseudonym(), "ORPHA:558")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + HOSPITAL).exchange(), 503, "service-unavailable");
        }
    }

    @Test
    void aFailedWriteIs503AndLeavesNothingBehind() {
        // the index (consumer, admin) reaches the broker, the producer does not: the write itself fails
        String prefix = KafkaTestBroker.uniqueName("nowrite") + ".";
        Map<String, Object> props = TestRegistry.properties(prefix, KafkaTestBroker.uniqueName("nowrite"), 1 << 20);
        try {
            props.put("spring.kafka.producer.bootstrap-servers", deadAddress());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        props.put("spring.kafka.producer.properties.max.block.ms", "2000");
        props.put("server.port", "0");
        RecordSubmission s = TestRegistry.record("accept");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(IntakeApplication.class)
                .run(TestRegistry.args(props))) {
            await().atMost(Duration.ofSeconds(60)).until(context.getBean(RecordIndex.class)::ready);
            WebTestClient client = client(context);
            JsonNode p = IntakeApiTest.problem(submit(client, TestRegistry.json(s)), 503, "service-unavailable");
            assertThat(p.get("detail").asString()).contains("nothing was written");
            assertThat(context.getBean(RecordIndex.class).get(s.recordId())).isEmpty();
            IntakeTopics topics = context.getBean(IntakeTopics.class);
            assertThat(TestRegistry.withKey(topics.records(), s.key())).isEmpty();
            assertThat(TestRegistry.withKey(topics.recordIndex(), s.recordId())).isEmpty();
        }
    }
}

package org.rdregistry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rdregistry.consult.api.Dtos;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.consult.engine.StreamsEngine;
import org.rdregistry.registry.topics.Topics;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;

/**
 * Exactly one of 20 concurrent claims wins, with the claims spread over two instances of the service (same Streams
 * application id, same topics): every command on a consultation goes through the one task of its partition.
 */
class ClaimRaceTest extends ServiceTestBase {

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void exactlyOneOfTwentyConcurrentClaimsOverTwoInstancesWins() {
        Map<String, Object> second = TestConsult.properties(PREFIX, TestConsult.newStateDir());
        second.put("server.port", "0");
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(ConsultationApplication.class)
                .run(TestConsult.args(second))) {
            String otherUrl = "http://localhost:" + other.getEnvironment().getProperty("local.server.port");
            ConsultApi otherApi = new ConsultApi(WebTestClient.bindToServer().baseUrl(otherUrl)
                    .responseTimeout(Duration.ofSeconds(60)).build());
            otherApi.awaitReady();
            // the partitions are shared between the two instances before the race
            StreamsEngine here = context.getBean(StreamsEngine.class);
            StreamsEngine there = other.getBean(StreamsEngine.class);
            await().atMost(ConsultApi.PATIENCE).until(() -> here.running() && there.running()
                    && here.activeTasks() > 0 && there.activeTasks() > 0
                    && here.activeTasks() + there.activeTasks() == Topics.CONSULT_PARTITIONS);

            // submitted through one instance, read through the other
            KeyPair patient = KeyPair.generate(TestConsult.GROUP);
            String id = ConsultationEncryptor.newConsultationId();
            String credential = api.submit(TestConsult.cardiology(id, patient, 4, "race")).accessCredential();
            Dtos.PatientView open = otherApi.awaitStatus(id, credential, Status.OPEN);
            assertThat(new ElGamal(TestConsult.GROUP).decrypt(patient, open.scores().get(0).score()))
                    .isEqualTo(TestConsult.CHA.testVectors().get(4).points());
            await().atMost(ConsultApi.PATIENCE).until(() -> api.queue("cardiology", ConsultApi.CARDIOLOGIST).contains(id));

            String thisUrl = "http://localhost:" + port;
            List<WebClient> instances = List.of(WebClient.create(thisUrl), WebClient.create(otherUrl));
            List<KeyPair> keys = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                keys.add(KeyPair.generate(TestConsult.GROUP));
            }
            List<Integer> statuses = Flux.range(0, 20)
                    .flatMap(i -> instances.get(i % 2).post().uri("/api/v1/consultations/" + id + "/claim")
                            .header(HttpHeaders.AUTHORIZATION, "Bearer "
                                    + TestConsult.expertToken("racer-" + i, "cardiology"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(ConsultApi.json(new Dtos.ClaimRequest(keys.get(i).publicKey())))
                            .exchangeToMono(response -> response.releaseBody()
                                    .thenReturn(response.statusCode().value())), 20)
                    .collectList().block(Duration.ofSeconds(90));

            assertThat(statuses).hasSize(20);
            assertThat(statuses.stream().filter(s -> s == 200).count()).as("winners among " + statuses).isEqualTo(1);
            assertThat(statuses.stream().filter(s -> s == 409).count()).as("losers among " + statuses).isEqualTo(19);

            // both instances agree on the one lease holder
            for (ConsultApi instance : List.of(api, otherApi)) {
                await().atMost(ConsultApi.PATIENCE).until(() -> instance.view(id, credential).status() == Status.CLAIMED);
                assertThat(instance.queue("cardiology", ConsultApi.CARDIOLOGIST)).doesNotContain(id);
            }
        }
    }
}

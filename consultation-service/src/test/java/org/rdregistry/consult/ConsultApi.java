package org.rdregistry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.rdregistry.consult.api.Dtos;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/** The HTTP API as the tests call it: one instance's WebTestClient plus typed helpers. */
final class ConsultApi {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String PATIENT = TestConsult.patientToken("patient-1");
    static final String CARDIOLOGIST = TestConsult.expertToken("dr-heart", "cardiology");
    static final String OTHER_CARDIOLOGIST = TestConsult.expertToken("dr-other", "cardiology", "neurology");
    static final String GENETICIST = TestConsult.expertToken("dr-genes", "medical-genetics");

    final WebTestClient client;

    ConsultApi(WebTestClient client) {
        this.client = client;
    }

    static String json(Object value) {
        return RegistryJson.mapper().writeValueAsString(value);
    }

    void awaitReady() {
        await().atMost(PATIENCE).untilAsserted(() -> client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk());
    }

    WebTestClient.ResponseSpec post(String path, String token, Object body) {
        WebTestClient.RequestBodySpec spec = client.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return spec.bodyValue(body instanceof String s ? s : json(body)).exchange();
    }

    WebTestClient.ResponseSpec get(String path, String token) {
        WebTestClient.RequestHeadersSpec<?> spec = client.get().uri(path);
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return spec.exchange();
    }

    WebTestClient.ResponseSpec patient(String method, String path, String credential) {
        return client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + PATIENT)
                .header("Consultation-Credential", credential).exchange();
    }

    Dtos.Created submit(ConsultationSubmission s) {
        byte[] body = post("/api/v1/consultations", PATIENT, s).expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return RegistryJson.mapper().readValue(body, Dtos.Created.class);
    }

    Dtos.PatientView view(String id, String credential) {
        byte[] body = patient("GET", "/api/v1/consultations/" + id, credential).expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return RegistryJson.mapper().readValue(body, Dtos.PatientView.class);
    }

    Dtos.PatientView awaitStatus(String id, String credential, ConsultationCase.Status status) {
        return await().atMost(PATIENCE).until(() -> view(id, credential), v -> v.status() == status);
    }

    WebTestClient.ResponseSpec claim(String id, String expertToken, KeyPair expertKey) {
        return post("/api/v1/consultations/" + id + "/claim", expertToken, new Dtos.ClaimRequest(expertKey.publicKey()));
    }

    Dtos.Claimed claimOk(String id, String expertToken, KeyPair expertKey) {
        byte[] body = claim(id, expertToken, expertKey).expectStatus().isOk().expectBody().returnResult()
                .getResponseBody();
        return RegistryJson.mapper().readValue(body, Dtos.Claimed.class);
    }

    Dtos.ExpertView awaitExpertView(String id, String expertToken) {
        return await().atMost(PATIENCE).until(() -> {
            byte[] body = get("/api/v1/consultations/" + id + "/expert-view", expertToken).expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            return RegistryJson.mapper().readValue(body, Dtos.ExpertView.class);
        }, Dtos.ExpertView::ready);
    }

    WebTestClient.ResponseSpec opinion(String id, String expertToken, String leaseId, SealedBox box) {
        return post("/api/v1/consultations/" + id + "/opinion", expertToken, new Dtos.OpinionRequest(leaseId, box));
    }

    List<String> queue(String specialty, String expertToken) {
        byte[] body = get("/api/v1/queue?specialty=" + specialty, expertToken).expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return RegistryJson.mapper().readTree(body).valueStream().map(n -> n.get("consultationId").asString()).toList();
    }

    static JsonNode assertProblem(WebTestClient.ResponseSpec response, int status, String slug) {
        byte[] body = response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();
        JsonNode p = RegistryJson.mapper().readTree(body);
        assertThat(p.get("type").asString()).isEqualTo("https://rdregistry.org/problems/" + slug);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asString()).isNotBlank();
        return p;
    }

    String prometheus() {
        return client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}

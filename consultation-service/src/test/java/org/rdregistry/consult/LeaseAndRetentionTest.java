package org.rdregistry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.consult.api.Dtos;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.hybrid.HybridEncryption;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.PurgeMarker;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Time: a lease that expires unanswered returns the case to the queue (and to the trustees, through the public case
 * without a lease), the old holder is shut out and another expert can claim; a consultation nobody finishes is purged
 * when its retention passes. Its own instance with a 5 s lease and a 25 s retention.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
class LeaseAndRetentionTest {

    static final String PREFIX = KafkaTestBroker.uniqueName("consult-time") + ".";
    static final Path STATE_DIR = TestConsult.newStateDir();
    static final Duration RETENTION = Duration.ofSeconds(25);
    static final FakeCompute COMPUTE;

    static {
        TestConsult.createTopics(PREFIX);
        COMPUTE = FakeCompute.start(PREFIX);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestConsult.properties(PREFIX, STATE_DIR).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("consult.lease-duration", () -> "PT5S");
        registry.add("consult.retention", RETENTION::toString);
    }

    @AfterAll
    static void stopCompute() {
        COMPUTE.close();
    }

    @Autowired
    WebTestClient client;

    @Test
    void anExpiredLeaseReturnsTheCaseToTheQueueAndRetentionPurgesWhatNobodyFinished() {
        ConsultApi api = new ConsultApi(client);
        api.awaitReady();
        KeyPair patient = KeyPair.generate(TestConsult.GROUP);
        String forgotten = ConsultationEncryptor.newConsultationId();
        String forgottenCredential = api.submit(TestConsult.cardiology(forgotten, patient, 0, "forgotten"))
                .accessCredential();
        String id = ConsultationEncryptor.newConsultationId();
        String history = "lease test history";
        String credential = api.submit(TestConsult.cardiology(id, patient, 3, history)).accessCredential();
        api.awaitStatus(id, credential, Status.OPEN);

        KeyPair firstKey = KeyPair.generate(TestConsult.GROUP);
        Dtos.Claimed first = api.claimOk(id, ConsultApi.CARDIOLOGIST, firstKey);
        assertThat(api.queue("cardiology", ConsultApi.CARDIOLOGIST)).doesNotContain(id);

        // unanswered, the lease runs out: back in the queue, and the public case shows no lease any more
        await().atMost(ConsultApi.PATIENCE).until(() -> api.queue("cardiology", ConsultApi.CARDIOLOGIST).contains(id));
        await().atMost(ConsultApi.PATIENCE).until(() -> {
            ConsultationCase c = COMPUTE.latestCase(id);
            return c != null && c.status() == Status.OPEN && c.lease() == null;
        });
        assertThat(api.view(id, credential).status()).isEqualTo(Status.OPEN);
        ConsultApi.assertProblem(api.get("/api/v1/consultations/" + id + "/expert-view", ConsultApi.CARDIOLOGIST),
                403, "forbidden");
        SealedBox late = HybridEncryption.seal(patient.publicKey(), ConsultContexts.OPINION_LABEL,
                "too late".getBytes(StandardCharsets.UTF_8), ConsultContexts.opinionAad(id));
        ConsultApi.assertProblem(api.opinion(id, ConsultApi.CARDIOLOGIST, first.leaseId(), late), 403, "forbidden");

        // another expert claims: a new lease, and the history switched to the new key
        KeyPair secondKey = KeyPair.generate(TestConsult.GROUP);
        Dtos.Claimed second = api.claimOk(id, ConsultApi.OTHER_CARDIOLOGIST, secondKey);
        assertThat(second.leaseId()).isNotEqualTo(first.leaseId());
        Dtos.ExpertView view = api.awaitExpertView(id, ConsultApi.OTHER_CARDIOLOGIST);
        assertThat(view.leaseId()).isEqualTo(second.leaseId());
        assertThat(new String(view.history().open(secondKey, view.historyKey(), ConsultContexts.HISTORY_LABEL,
                ConsultContexts.historyAad(id)), StandardCharsets.UTF_8)).isEqualTo(history);
        assertThat(api.prometheus()).containsPattern("consult_leases_expired_total(\\{[^}]*})? [1-9]");

        // nobody finished the other one: purged when its retention passed
        await().atMost(RETENTION.plus(ConsultApi.PATIENCE)).untilAsserted(() -> ConsultApi.assertProblem(
                api.patient("GET", "/api/v1/consultations/" + forgotten, forgottenCredential), 404, "not-found"));
        List<ConsumerRecord<String, String>> markers = TestConsult.readAll(PREFIX + Topics.CONSULT_PURGED.name())
                .stream().filter(r -> forgotten.equals(r.key())).toList();
        assertThat(markers).hasSize(1);
        assertThat(RegistryJson.mapper().readValue(markers.get(0).value(), PurgeMarker.class).reason())
                .isEqualTo(PurgeMarker.Reason.EXPIRED);
    }
}

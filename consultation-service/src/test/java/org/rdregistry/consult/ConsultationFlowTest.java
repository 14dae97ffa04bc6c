package org.rdregistry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.rdregistry.consult.api.Dtos;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.hybrid.HybridEncryption;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.PurgeMarker;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import reactor.core.Disposable;

/**
 * One consultation through every step, with real crypto on every side: the patient submits, reads the scores the
 * trustees switched to the patient's key, an expert claims the case, decrypts the history and the scores switched to
 * the expert's key, answers; the patient opens the opinion and acknowledges; then nothing is left and the id is
 * refused for ever.
 */
class ConsultationFlowTest extends ServiceTestBase {

    static final ElGamal ELGAMAL = new ElGamal(TestConsult.GROUP);

    @Test
    void aConsultationFromSubmissionToPurge() {
        KeyPair patient = KeyPair.generate(TestConsult.GROUP);
        String id = ConsultationEncryptor.newConsultationId();
        String history = "62-year-old, paroxysmal atrial fibrillation since 2019; " + UUID.randomUUID();
        int points = TestConsult.CHA.testVectors().get(1).points();
        ConsultationSubmission submission = TestConsult.cardiology(id, patient, 1, history);

        Dtos.Created created = api.submit(submission);
        assertThat(created.consultationId()).isEqualTo(id);
        assertThat(created.status()).isEqualTo(Status.SUBMITTED);
        assertThat(created.accessCredential()).matches("[A-Za-z0-9_-]{43}");
        String credential = created.accessCredential();

        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        AtomicBoolean streamEnded = new AtomicBoolean();
        Disposable subscription = client.get().uri("/api/v1/consultations/" + id + "/events")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ConsultApi.PATIENT)
                .header(ApiHeaders.CREDENTIAL, credential)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                }).getResponseBody()
                .doOnComplete(() -> streamEnded.set(true))
                .subscribe(events::add);
        try {
            // the scorer scores, the trustees switch the scores to the patient: OPEN, in the cardiology queue
            Dtos.PatientView open = api.awaitStatus(id, credential, Status.OPEN);
            assertThat(open.scores()).hasSize(1);
            assertThat(open.scores().get(0).model()).isEqualTo(TestConsult.CHA.ref());
            assertThat(ELGAMAL.decrypt(patient, open.scores().get(0).score())).isEqualTo(points);
            assertThat(open.opinion()).isNull();
            assertThat(api.queue("cardiology", ConsultApi.CARDIOLOGIST)).contains(id);
            byte[] queue = api.get("/api/v1/queue?specialty=cardiology", ConsultApi.CARDIOLOGIST).expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            RegistryJson.mapper().readTree(queue).valueStream().forEach(entry -> assertThat(entry.propertyNames())
                    .containsExactlyInAnyOrder("consultationId", "specialty", "models", "submittedAt"));
            assertThat(api.queue("medical-genetics", ConsultApi.GENETICIST)).doesNotContain(id);

            // the claim: one expert wins, the other gets 409 and no view of the case
            KeyPair expert = KeyPair.generate(TestConsult.GROUP);
            Dtos.Claimed lease = api.claimOk(id, ConsultApi.CARDIOLOGIST, expert);
            assertThat(lease.leaseId()).isNotBlank();
            ConsultApi.assertProblem(api.claim(id, ConsultApi.OTHER_CARDIOLOGIST, KeyPair.generate(TestConsult.GROUP)),
                    409, "conflict");
            ConsultApi.assertProblem(api.get("/api/v1/consultations/" + id + "/expert-view",
                    ConsultApi.OTHER_CARDIOLOGIST), 403, "forbidden");
            assertThat(api.queue("cardiology", ConsultApi.CARDIOLOGIST)).doesNotContain(id);
            assertThat(api.view(id, credential).status()).isEqualTo(Status.CLAIMED);

            // the expert decrypts the history and the scores switched to the expert's key
            Dtos.ExpertView view = api.awaitExpertView(id, ConsultApi.CARDIOLOGIST);
            assertThat(view.leaseId()).isEqualTo(lease.leaseId());
            assertThat(view.patientKey()).isEqualTo(patient.publicKey());
            byte[] opened = view.history().open(expert, view.historyKey(), ConsultContexts.HISTORY_LABEL,
                    ConsultContexts.historyAad(id));
            assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(history);
            assertThat(view.scores()).hasSize(1);
            assertThat(ELGAMAL.decrypt(expert, view.scores().get(0).score())).isEqualTo(points);
            // (a request short of shares may be published again, with the same id)
            assertThat(COMPUTE.requests(id)).extracting(KeySwitchRequest::purpose)
                    .contains(KeySwitchRequest.Purpose.PATIENT, KeySwitchRequest.Purpose.EXPERT);
            assertThat(COMPUTE.requests(id)).filteredOn(r -> r.purpose() == KeySwitchRequest.Purpose.EXPERT)
                    .allSatisfy(r -> {
                        assertThat(r.leaseId()).isEqualTo(lease.leaseId());
                        assertThat(r.target()).isEqualTo(expert.publicKey());
                    });
            assertThat(COMPUTE.requests(id)).filteredOn(r -> r.purpose() == KeySwitchRequest.Purpose.PATIENT)
                    .allSatisfy(r -> assertThat(r.target()).isEqualTo(patient.publicKey()));

            // the opinion, sealed to the patient's key; only the lease holder may answer
            String text = "Anticoagulation indicated (CHA2DS2-VASc " + points + "). " + UUID.randomUUID();
            SealedBox box = HybridEncryption.seal(view.patientKey(), ConsultContexts.OPINION_LABEL,
                    text.getBytes(StandardCharsets.UTF_8), ConsultContexts.opinionAad(id));
            ConsultApi.assertProblem(api.opinion(id, ConsultApi.OTHER_CARDIOLOGIST, lease.leaseId(), box), 403,
                    "forbidden");
            api.opinion(id, ConsultApi.CARDIOLOGIST, lease.leaseId(), box).expectStatus().isAccepted();
            ConsultApi.assertProblem(api.opinion(id, ConsultApi.CARDIOLOGIST, lease.leaseId(), box), 409, "conflict");

            Dtos.PatientView answered = api.view(id, credential);
            assertThat(answered.status()).isEqualTo(Status.ANSWERED);
            byte[] opinion = HybridEncryption.open(patient, ConsultContexts.OPINION_LABEL, answered.opinion(),
                    ConsultContexts.opinionAad(id));
            assertThat(new String(opinion, StandardCharsets.UTF_8)).isEqualTo(text);
            assertThat(ELGAMAL.decrypt(patient, answered.scores().get(0).score())).isEqualTo(points);

            // every change reached the event stream
            await().atMost(ConsultApi.PATIENCE).until(() -> statuses(events).contains("ANSWERED"));
            // the first event is the state at subscription (SUBMITTED, or OPEN if the trustees were quicker)
            assertThat(statuses(events).get(0)).isIn("SUBMITTED", "OPEN");
            assertThat(statuses(events)).containsSubsequence("OPEN", "CLAIMED", "ANSWERED");

            // acknowledged: purged everywhere, 404 for the patient, the id refused for ever
            api.patient("POST", "/api/v1/consultations/" + id + "/acknowledge", credential).expectStatus()
                    .isNoContent();
            ConsultApi.assertProblem(api.patient("GET", "/api/v1/consultations/" + id, credential), 404,
                    "not-found");
            ConsultApi.assertProblem(api.get("/api/v1/consultations/" + id + "/expert-view", ConsultApi.CARDIOLOGIST),
                    404, "not-found");
            await().atMost(ConsultApi.PATIENCE).untilTrue(streamEnded);
            ConsultApi.assertProblem(api.post("/api/v1/consultations", ConsultApi.PATIENT, submission), 409,
                    "conflict");
            List<ConsumerRecord<String, String>> markers = TestConsult.readAll(PREFIX + Topics.CONSULT_PURGED.name())
                    .stream().filter(r -> id.equals(r.key())).toList();
            assertThat(markers).hasSize(1);
            assertThat(RegistryJson.mapper().readValue(markers.get(0).value(), PurgeMarker.class).reason())
                    .isEqualTo(PurgeMarker.Reason.ACKNOWLEDGED);
            for (String topic : List.of(Topics.CONSULT_CASES.name(), Topics.CONSULT_SCORES.name(),
                    Topics.CONSULT_KEYSWITCH_REQUESTS.name(), Topics.CONSULT_TRUSTEE_MESSAGES.name())) {
                List<ConsumerRecord<String, String>> ofId = TestConsult.readAll(PREFIX + topic).stream()
                        .filter(r -> id.equals(r.key())).toList();
                assertThat(ofId).as(topic).isNotEmpty();
                assertThat(ofId.get(ofId.size() - 1).value()).as("last entry on " + topic + " is a tombstone").isNull();
            }
        } finally {
            subscription.dispose();
        }
    }

    static List<String> statuses(List<ServerSentEvent<String>> events) {
        return events.stream().filter(e -> "status".equals(e.event()))
                .map(e -> RegistryJson.mapper().readTree(e.data()).get("status").asString()).toList();
    }

    @Test
    void aCaseTheScorerPassedOverIsPublishedAgainAndScored() {
        KeyPair patient = KeyPair.generate(TestConsult.GROUP);
        String id = ConsultationEncryptor.newConsultationId();
        COMPUTE.ignoreFirstCase(id);
        Dtos.Created created = api.submit(TestConsult.cardiology(id, patient, 1, "history"));
        // no score set for the first publication; the case is published again after consult.key-switch-retry
        Dtos.PatientView open = api.awaitStatus(id, created.accessCredential(), Status.OPEN);
        assertThat(ELGAMAL.decrypt(patient, open.scores().get(0).score()))
                .isEqualTo(TestConsult.CHA.testVectors().get(1).points());
    }
}

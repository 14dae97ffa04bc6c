package org.rdregistry.hospital.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.hospital.http.RetryPolicy;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;

/**
 * The Java API against a real HTTP server playing consultation-service, with real crypto: the whole
 * second opinion from both sides, then the error paths (problem+json, retries, lost answers).
 */
class ConsultationClientTest {

    static final Duration POLL = Duration.ofMillis(20);
    static final String HISTORY = "58-year-old, paroxysmal atrial fibrillation since 2019; canary-7f3a";
    static TestConsultationService service;
    static ScoringModel cha;
    static ScoringModel ghent;

    @BeforeAll
    static void start() throws IOException {
        service = new TestConsultationService();
        cha = ScoringModels.shipped().get(0);
        ghent = ScoringModels.shipped().get(1);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void readyAtOnce() {
        service.scoresAfterPolls = 0;
        service.expertViewAfterPolls = 0;
    }

    static ConsultationClient client(String token) {
        return new ConsultationClient(service.baseUrl(), () -> token,
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    static Map<ModelRef, Map<String, String>> answers(ScoringModel m, int vector) {
        Map<ModelRef, Map<String, String>> a = new LinkedHashMap<>();
        a.put(m.ref(), m.testVectors().get(vector).answers());
        return a;
    }

    PatientSession patient(KeyPair key) {
        return new PatientSession(client(service.patientToken), key, POLL);
    }

    ExpertSession expert(String token, KeyPair key) {
        return new ExpertSession(client(token), key, POLL);
    }

    @Test
    void wholeSecondOpinionFromBothSides() {
        service.scoresAfterPolls = 2;
        service.expertViewAfterPolls = 2;
        KeyPair patientKey = KeyPair.generate(GroupContext.p256());
        PatientSession patient = patient(patientKey);
        Map<ModelRef, Map<String, String>> answers = answers(cha, 1);
        answers.put(ghent.ref(), ghent.testVectors().get(0).answers());
        SubmitResult submitted = patient.submit(service.deal.jointKey().publicKey(), "cardiology", answers,
                HISTORY.getBytes(StandardCharsets.UTF_8));
        String id = submitted.consultationId();
        String credential = submitted.accessCredential();
        assertThat(submitted.status()).isEqualTo(Status.SUBMITTED);
        assertThat(submitted.toString()).doesNotContain(credential);

        assertThat(patient.scores(id, credential)).isEmpty(); // not switched yet
        List<DecryptedScore> scores = patient.awaitScores(id, credential, Duration.ofSeconds(30));
        assertThat(scores).extracting(DecryptedScore::model).containsExactly(cha.ref(), ghent.ref());
        assertThat(scores.get(0).points()).isEqualTo(cha.testVectors().get(1).points());
        assertThat(scores.get(0).meaning()).isEqualTo(cha.meaning(cha.testVectors().get(1).points()));
        assertThat(scores.get(1).points()).isEqualTo(ghent.testVectors().get(0).points());
        assertThat(patient.status(id, credential).status()).isEqualTo(Status.OPEN);
        assertThat(patient.opinion(id, credential)).isEmpty();

        ExpertSession neurologist = expert(service.neurologistToken, KeyPair.generate(GroupContext.p256()));
        assertThatThrownBy(() -> neurologist.queue("cardiology")).isInstanceOf(RegistryHttpException.class)
                .hasMessageContaining("HTTP 403 - Forbidden: the token does not name the specialty cardiology");

        KeyPair expertKey = KeyPair.generate(GroupContext.p256());
        ExpertSession expert = expert(service.expertToken, expertKey);
        assertThat(expert.queue("cardiology")).extracting(QueueEntry::consultationId).contains(id);
        Lease lease = expert.claim(id);
        ExpertSession rival = expert(service.otherExpertToken, KeyPair.generate(GroupContext.p256()));
        assertThatThrownBy(() -> rival.claim(id)).isInstanceOfSatisfying(RegistryHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).endsWith("HTTP 409 - Conflict: the consultation is already claimed");
        });
        assertThatThrownBy(() -> rival.view(id)).isInstanceOfSatisfying(RegistryHttpException.class,
                e -> assertThat(e.status()).isEqualTo(403));
        assertThat(expert.queue("cardiology")).extracting(QueueEntry::consultationId).doesNotContain(id);

        assertThat(expert.read(id)).isEmpty(); // trustees not done yet
        ExpertCase c = expert.awaitCase(id, Duration.ofSeconds(30));
        assertThat(c.leaseId()).isEqualTo(lease.leaseId());
        assertThat(new String(c.history(), StandardCharsets.UTF_8)).isEqualTo(HISTORY);
        assertThat(c.toString()).doesNotContain("canary");
        assertThat(c.scores()).extracting(DecryptedScore::points).containsExactly(cha.testVectors().get(1).points(),
                ghent.testVectors().get(0).points());
        assertThat(c.patientKey()).isEqualTo(patientKey.publicKey());

        expert.answer(id, "Anticoagulation is indicated; canary-opinion".getBytes(StandardCharsets.UTF_8));
        byte[] opinion = patient.awaitOpinion(id, credential, Duration.ofSeconds(30));
        assertThat(new String(opinion, StandardCharsets.UTF_8)).isEqualTo("Anticoagulation is indicated; canary-opinion");
        assertThat(patient.status(id, credential).status()).isEqualTo(Status.ANSWERED);

        // another key cannot read what was sent to the patient
        PatientSession stranger = patient(KeyPair.generate(GroupContext.p256()));
        assertThatThrownBy(() -> stranger.scores(id, credential)).isInstanceOf(ConsultationException.class)
                .hasMessageContaining("does not decrypt with this key");
        assertThatThrownBy(() -> stranger.opinion(id, credential)).isInstanceOf(ConsultationException.class)
                .hasMessageContaining("the opinion does not open with this key");

        patient.acknowledge(id, credential);
        assertThat(service.isPurged(id)).isTrue();
        assertThatThrownBy(() -> patient.status(id, credential)).isInstanceOfSatisfying(RegistryHttpException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void statusEventsUntilTheOpinionAndWithdrawal() throws Exception {
        service.scoresAfterPolls = 0;
        service.expertViewAfterPolls = 0;
        KeyPair patientKey = KeyPair.generate(GroupContext.p256());
        PatientSession patient = patient(patientKey);
        SubmitResult s = patient.submit(service.deal.jointKey().publicKey(), "cardiology", answers(cha, 0),
                "h".getBytes(StandardCharsets.UTF_8));
        String id = s.consultationId();
        patient.awaitScores(id, s.accessCredential(), Duration.ofSeconds(30));
        ExpertSession expert = expert(service.expertToken, KeyPair.generate(GroupContext.p256()));
        expert.claim(id);

        List<Status> seen = new ArrayList<>();
        Thread answering = new Thread(() -> {
            expert.awaitCase(id, Duration.ofSeconds(30));
            expert.answer(id, "ok".getBytes(StandardCharsets.UTF_8));
        });
        client(service.patientToken).events(id, s.accessCredential(), v -> {
            seen.add(v.status());
            if (seen.size() == 1) {
                answering.start(); // the change happens while the stream is open
            }
            return !v.hasOpinion();
        });
        answering.join();
        assertThat(seen).first().isEqualTo(Status.CLAIMED);
        assertThat(seen).last().isEqualTo(Status.ANSWERED);

        patient.withdraw(id, s.accessCredential());
        assertThat(service.isPurged(id)).isTrue();
        assertThatThrownBy(() -> client(service.patientToken).events(id, s.accessCredential(), v -> true))
                .isInstanceOfSatisfying(RegistryHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("HTTP 404 - Not Found: no such consultation");
                });
    }

    @Test
    void invalidSubmissionIsAProblemNamingTheFields() {
        // encrypted to another key than the trustees': every proof context names the wrong key
        TestOnlyTrustedDealer.Deal other = TestOnlyTrustedDealer.deal(GroupContext.p256(), 2, 3);
        ConsultationSubmission s = new ConsultationEncryptor(other.jointKey().publicKey(), ScoringModels.shipped())
                .encrypt(ConsultationEncryptor.newConsultationId(), "cardiology",
                        KeyPair.generate(GroupContext.p256()).publicKey(), answers(cha, 0), new byte[] {1});
        assertThatThrownBy(() -> client(service.patientToken).submit(s))
                .isInstanceOfSatisfying(RegistryHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.problem()).isPresent();
                    assertThat(e.problem().get().errors()).isNotEmpty();
                    assertThat(e.getMessage()).startsWith("POST /api/v1/consultations: HTTP 400 - Invalid consultation: "
                            + "the submission is invalid: models[cha2ds2-vasc@1].features.")
                            .contains("(models[cha2ds2-vasc@1].features.");
                });
        assertThat(service.exists(s.consultationId())).isFalse();
    }

    @Test
    void wrongCredentialUnknownTokenAndWrongRole() {
        PatientSession patient = patient(KeyPair.generate(GroupContext.p256()));
        SubmitResult s = patient.submit(service.deal.jointKey().publicKey(), "cardiology", answers(cha, 0),
                "h".getBytes(StandardCharsets.UTF_8));
        String wrong = "A".repeat(43);
        assertThatThrownBy(() -> patient.status(s.consultationId(), wrong))
                .isInstanceOfSatisfying(RegistryHttpException.class, e -> assertThat(e.status()).isEqualTo(404))
                .message().doesNotContain(wrong).doesNotContain(s.accessCredential());
        assertThatThrownBy(() -> client("not-a-token").models()).isInstanceOfSatisfying(RegistryHttpException.class,
                e -> assertThat(e.getMessage()).isEqualTo("GET /api/v1/models: HTTP 401 - Unauthorized: a valid bearer "
                        + "token is required"));
        assertThatThrownBy(() -> client(service.patientToken).publishModel(cha))
                .isInstanceOfSatisfying(RegistryHttpException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> client(service.patientToken).model(ModelRef.parse("nothing@1")))
                .isInstanceOfSatisfying(RegistryHttpException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("GET /api/v1/models/nothing%401: HTTP 404 - Not Found: no published model nothing@1"));
        assertThatThrownBy(() -> patient.status("not-an-id", s.accessCredential()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retriesOn503AndReadsAProblemWithoutJsonErrorsList() {
        service.enqueue(new TestConsultationService.Canned(503, "application/problem+json",
                "{\"title\":\"Service Unavailable\",\"status\":503}"));
        assertThat(client(service.patientToken).models()).extracting(ScoringModel::ref).contains(cha.ref());
        service.enqueue(new TestConsultationService.Canned(500, "text/plain", "boom"));
        assertThatThrownBy(() -> client(service.patientToken).models())
                .hasMessage("GET /api/v1/models: HTTP 500");
    }

    @Test
    void aSubmissionWhoseAnswerIsLostIsNotSentAgain() {
        PatientSession patient = patient(KeyPair.generate(GroupContext.p256()));
        int before = service.submissions.get();
        service.dropAnswerOnce("POST /api/v1/consultations");
        String id = ConsultationEncryptor.newConsultationId();
        assertThatThrownBy(() -> patient.submit(id, service.deal.jointKey().publicKey(), "cardiology", answers(cha, 0),
                "h".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RegistryHttpException.class)
                .hasMessageContaining("the answer was lost")
                .hasMessageContaining("Submit again");
        assertThat(service.submissions.get()).isEqualTo(before + 1);
        assertThat(service.exists(id)).isTrue(); // accepted, but nobody has the credential: it expires unread
    }

    @Test
    void anAcknowledgementWhoseAnswerIsLostSucceedsOnRetry() {
        PatientSession patient = patient(KeyPair.generate(GroupContext.p256()));
        SubmitResult s = patient.submit(service.deal.jointKey().publicKey(), "cardiology", answers(cha, 0),
                "h".getBytes(StandardCharsets.UTF_8));
        service.dropAnswerOnce("POST /api/v1/consultations/" + s.consultationId() + "/acknowledge");
        patient.acknowledge(s.consultationId(), s.accessCredential()); // retried, 404: it was our own purge
        assertThat(service.isPurged(s.consultationId())).isTrue();
        // without a lost answer, a 404 stays an error
        assertThatThrownBy(() -> patient.acknowledge(s.consultationId(), s.accessCredential()))
                .isInstanceOfSatisfying(RegistryHttpException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aClaimWhoseAnswerIsLostIsRecognisedAsOurs() {
        service.scoresAfterPolls = 0;
        PatientSession patient = patient(KeyPair.generate(GroupContext.p256()));
        SubmitResult s = patient.submit(service.deal.jointKey().publicKey(), "cardiology", answers(cha, 0),
                "h".getBytes(StandardCharsets.UTF_8));
        patient.awaitScores(s.consultationId(), s.accessCredential(), Duration.ofSeconds(30));
        ExpertSession expert = expert(service.expertToken, KeyPair.generate(GroupContext.p256()));
        service.dropAnswerOnce("POST /api/v1/consultations/" + s.consultationId() + "/claim");
        Lease lease = expert.claim(s.consultationId());
        assertThat(expert.view(s.consultationId()).leaseId()).isEqualTo(lease.leaseId());
    }

    @Test
    void waitingGivesUpWithNotReady() {
        service.scoresAfterPolls = 1_000;
        PatientSession patient = patient(KeyPair.generate(GroupContext.p256()));
        SubmitResult s = patient.submit(service.deal.jointKey().publicKey(), "cardiology", answers(cha, 0),
                "h".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> patient.awaitScores(s.consultationId(), s.accessCredential(), Duration.ofMillis(100)))
                .isInstanceOfSatisfying(ConsultationException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConsultationException.Kind.NOT_READY));
    }
}

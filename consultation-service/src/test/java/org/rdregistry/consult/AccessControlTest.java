package org.rdregistry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.rdregistry.consult.api.Dtos;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.springframework.http.HttpHeaders;

/**
 * Who may do what: no token 401, wrong role or specialty 403, the patient's wrong credential 404 (as an unknown id),
 * another expert 403; and a trustee that sends bad shares or refuses never holds a consultation up.
 */
class AccessControlTest extends ServiceTestBase {

    @Test
    void tokensRolesSpecialtiesAndCredentialsAreEnforced() {
        KeyPair patient = KeyPair.generate(TestConsult.GROUP);
        String id = ConsultationEncryptor.newConsultationId();
        Dtos.Created created = api.submit(TestConsult.cardiology(id, patient, 0, "access test"));
        String credential = created.accessCredential();
        String path = "/api/v1/consultations/" + id;

        // no token, a bad token
        ConsultApi.assertProblem(api.get("/api/v1/models", null), 401, "unauthorized");
        ConsultApi.assertProblem(api.get("/api/v1/queue?specialty=cardiology", null), 401, "unauthorized");
        ConsultApi.assertProblem(api.post("/api/v1/consultations", null, "{}"), 401, "unauthorized");
        client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token").exchange()
                .expectStatus().isUnauthorized().expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE,
                        ".*invalid_token.*");

        // wrong roles
        String researcher = TestConsult.token("researcher-1", "researcher");
        ConsultApi.assertProblem(api.get(path, researcher), 403, "forbidden");
        ConsultApi.assertProblem(api.get(path, ConsultApi.CARDIOLOGIST), 403, "forbidden");
        ConsultApi.assertProblem(api.get("/api/v1/queue?specialty=cardiology", ConsultApi.PATIENT), 403, "forbidden");
        ConsultApi.assertProblem(api.claim(id, ConsultApi.PATIENT, KeyPair.generate(TestConsult.GROUP)), 403,
                "forbidden");
        ConsultApi.assertProblem(api.post("/api/v1/consultations", ConsultApi.CARDIOLOGIST, "{}"), 403, "forbidden");

        // the patient's credential: wrong, missing, or an unknown id look alike (404) or name the header (400)
        ConsultApi.assertProblem(api.patient("GET", path, "wrong-credential"), 404, "not-found");
        ConsultApi.assertProblem(api.patient("GET", "/api/v1/consultations/"
                + ConsultationEncryptor.newConsultationId(), credential), 404, "not-found");
        ConsultApi.assertProblem(api.patient("DELETE", path, "wrong-credential"), 404, "not-found");
        ConsultApi.assertProblem(api.patient("POST", path + "/acknowledge", "wrong-credential"), 404, "not-found");
        ConsultApi.assertProblem(api.get(path, ConsultApi.PATIENT), 400, "bad-request");
        ConsultApi.assertProblem(api.patient("GET", "/api/v1/consultations/NOT-AN-ID", credential), 400,
                "bad-request");

        // nothing to acknowledge before an opinion
        api.awaitStatus(id, credential, Status.OPEN);
        ConsultApi.assertProblem(api.patient("POST", path + "/acknowledge", credential), 409, "conflict");

        // specialties: the queue and the claim need the case's specialty in the token
        ConsultApi.assertProblem(api.get("/api/v1/queue?specialty=cardiology", ConsultApi.GENETICIST), 403,
                "forbidden");
        ConsultApi.assertProblem(api.get("/api/v1/queue", ConsultApi.GENETICIST), 400, "bad-request");
        ConsultApi.assertProblem(api.claim(id, ConsultApi.GENETICIST, KeyPair.generate(TestConsult.GROUP)), 403,
                "forbidden");
        ConsultApi.assertProblem(api.claim(ConsultationEncryptor.newConsultationId(), ConsultApi.CARDIOLOGIST,
                KeyPair.generate(TestConsult.GROUP)), 404, "not-found");
        // nobody holds a lease yet: no expert view, no opinion
        ConsultApi.assertProblem(api.get(path + "/expert-view", ConsultApi.CARDIOLOGIST), 403, "forbidden");

        // withdrawn by the patient at any time: 404 afterwards, the id refused for ever
        api.patient("DELETE", path, credential).expectStatus().isNoContent();
        ConsultApi.assertProblem(api.patient("GET", path, credential), 404, "not-found");
        assertThat(api.queue("cardiology", ConsultApi.CARDIOLOGIST)).doesNotContain(id);
        ConsultApi.assertProblem(api.claim(id, ConsultApi.CARDIOLOGIST, KeyPair.generate(TestConsult.GROUP)), 404,
                "not-found");
    }

    @Test
    void aTrusteeSendingBadSharesOrRefusingNeverHoldsAConsultationUp() {
        KeyPair patient = KeyPair.generate(TestConsult.GROUP);
        String corrupt = ConsultationEncryptor.newConsultationId();
        String refusing = ConsultationEncryptor.newConsultationId();
        COMPUTE.behave(corrupt, 3, FakeCompute.Behaviour.CORRUPT);
        COMPUTE.behave(refusing, 1, FakeCompute.Behaviour.REFUSE);
        String c1 = api.submit(TestConsult.cardiology(corrupt, patient, 2, "bad trustee")).accessCredential();
        String c2 = api.submit(TestConsult.cardiology(refusing, patient, 2, "refusing trustee")).accessCredential();
        int points = TestConsult.CHA.testVectors().get(2).points();
        org.rdregistry.crypto.elgamal.ElGamal elgamal = new org.rdregistry.crypto.elgamal.ElGamal(TestConsult.GROUP);
        assertThat(elgamal.decrypt(patient, api.awaitStatus(corrupt, c1, Status.OPEN).scores().get(0).score()))
                .isEqualTo(points);
        assertThat(elgamal.decrypt(patient, api.awaitStatus(refusing, c2, Status.OPEN).scores().get(0).score()))
                .isEqualTo(points);
        await().atMost(ConsultApi.PATIENCE).untilAsserted(() -> assertThat(api.prometheus())
                .containsPattern("consult_trustee_invalid_shares_total\\{[^}]*trustee=\"3\"[^}]*} [1-9]")
                .containsPattern("consult_trustee_refusals_total\\{[^}]*reason=\"NOT_RECOMPUTABLE\",trustee=\"1\"[^}]*} [1-9]")
                .containsPattern("consult_keyswitch_combined_total\\{[^}]*purpose=\"PATIENT\"[^}]*} [1-9]"));
    }
}

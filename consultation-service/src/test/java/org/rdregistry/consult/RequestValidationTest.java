package org.rdregistry.consult;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.consult.kafka.ConsultTopics;

import tools.jackson.databind.JsonNode;

/**
 * Invalid submissions get a problem naming the field and leave nothing behind (the same id is then accepted with a
 * valid submission); malformed and oversized bodies get problems too.
 */
class RequestValidationTest extends ServiceTestBase {

    @Test
    void aTamperedProofIsRefusedNamingTheFieldAndNothingIsWritten() {
        KeyPair patient = KeyPair.generate(TestConsult.GROUP);
        String id = ConsultationEncryptor.newConsultationId();
        ConsultationSubmission valid = TestConsult.cardiology(id, patient, 3, "tamper test");
        // the answer to one feature copied from another consultation: its proofs are bound to the other id
        ConsultationSubmission other = TestConsult.cardiology(ConsultationEncryptor.newConsultationId(), patient, 3,
                "other");
        String feature = TestConsult.CHA.features().get(2).name();
        Map<String, OneHotEncryption> features = new LinkedHashMap<>(valid.models().get(0).features());
        features.put(feature, other.models().get(0).features().get(feature));
        ConsultationSubmission tampered = new ConsultationSubmission(valid.format(), id, valid.specialty(),
                valid.patientKey(), List.of(new ConsultationSubmission.ModelInput(TestConsult.CHA.ref(), features)),
                valid.history(), valid.historyKeyProof());

        JsonNode p = ConsultApi.assertProblem(api.post("/api/v1/consultations", ConsultApi.PATIENT, tampered), 400,
                "invalid-consultation");
        assertThat(p.get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactly("models[cha2ds2-vasc@1].features." + feature);

        assertThat(TestConsult.readAll(PREFIX + ConsultTopics.COMMANDS.name()))
                .noneMatch(r -> id.equals(r.key()));
        assertThat(TestConsult.readAll(PREFIX + Topics.CONSULT_CASES.name())).noneMatch(r -> id.equals(r.key()));
        // nothing was written: the id is still free
        api.submit(valid);
    }

    @Test
    void anUnknownModelIsRefusedNamingTheModel() {
        ScoringModel cha = TestConsult.CHA;
        ScoringModel unpublished = new ScoringModel(cha.id(), 99, cha.title(), cha.specialty(), cha.reference(),
                cha.scale(), cha.features(), cha.interpretation(), cha.testVectors());
        String id = ConsultationEncryptor.newConsultationId();
        Map<ModelRef, Map<String, String>> answers = Map.of(unpublished.ref(), cha.testVectors().get(0).answers());
        ConsultationSubmission s = new ConsultationEncryptor(TestConsult.DEAL.jointKey().publicKey(), List.of(unpublished))
                .encrypt(id, "cardiology", KeyPair.generate(TestConsult.GROUP).publicKey(), answers,
                        "x".getBytes(StandardCharsets.UTF_8));
        JsonNode p = ConsultApi.assertProblem(api.post("/api/v1/consultations", ConsultApi.PATIENT, s), 400,
                "invalid-consultation");
        JsonNode error = p.get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("models[cha2ds2-vasc@99]");
        assertThat(error.get("reason").asString()).isEqualTo("unknown model");
        assertThat(TestConsult.readAll(PREFIX + ConsultTopics.COMMANDS.name())).noneMatch(r -> id.equals(r.key()));
    }

    @Test
    void malformedAndOversizedBodiesGetProblems() {
        ConsultApi.assertProblem(api.post("/api/v1/consultations", ConsultApi.PATIENT, "{not json"), 400,
                "malformed-json");
        JsonNode p = ConsultApi.assertProblem(api.post("/api/v1/consultations", ConsultApi.PATIENT,
                "{\"format\":\"consult-v1\"}"), 400, "malformed-json");
        assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo("consultationId");
        assertThat(p.get("errors").get(0).get("reason").asString()).isEqualTo("missing");
        String huge = "{\"format\":\"" + "x".repeat(800 * 1024) + "\"}";
        ConsultApi.assertProblem(api.post("/api/v1/consultations", ConsultApi.PATIENT, huge), 413,
                "content-too-large");
        ConsultApi.assertProblem(api.post("/api/v1/consultations/" + ConsultationEncryptor.newConsultationId()
                + "/claim", ConsultApi.CARDIOLOGIST, "{\"expertKey\":\"AAAA\"}"), 400, "malformed-json");
    }

    @Test
    void scoringModelsAreListedReadAndPublishedOncePerReference() {
        JsonNode list = RegistryJsonHelper.tree(api.get("/api/v1/models", ConsultApi.PATIENT).expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        assertThat(list.valueStream().map(m -> m.get("id").asString() + "@" + m.get("version").asInt()).toList())
                .contains("cha2ds2-vasc@1", "ghent-marfan-systemic@1");
        api.get("/api/v1/models/cha2ds2-vasc@1", ConsultApi.GENETICIST).expectStatus().isOk()
                .expectBody().jsonPath("$.specialty").isEqualTo("cardiology");
        ConsultApi.assertProblem(api.get("/api/v1/models/cha2ds2-vasc@77", ConsultApi.PATIENT), 404, "not-found");
        ConsultApi.assertProblem(api.get("/api/v1/models/Not A Ref", ConsultApi.PATIENT), 400, "bad-request");

        ScoringModel cha = TestConsult.CHA;
        ScoringModel v2 = new ScoringModel(cha.id(), 2, cha.title() + " (v2)", cha.specialty(), cha.reference(),
                cha.scale(), cha.features(), cha.interpretation(), cha.testVectors());
        api.post("/api/v1/models", ConsultApi.CARDIOLOGIST, v2).expectStatus().isCreated()
                .expectHeader().location("/api/v1/models/cha2ds2-vasc@2");
        api.get("/api/v1/models/cha2ds2-vasc@2", ConsultApi.PATIENT).expectStatus().isOk();
        api.post("/api/v1/models", ConsultApi.CARDIOLOGIST, v2).expectStatus().isOk();
        ScoringModel changed = new ScoringModel(cha.id(), 2, "another title", cha.specialty(), cha.reference(),
                cha.scale(), cha.features(), cha.interpretation(), cha.testVectors());
        ConsultApi.assertProblem(api.post("/api/v1/models", ConsultApi.CARDIOLOGIST, changed), 409, "conflict");
        ConsultApi.assertProblem(api.post("/api/v1/models", ConsultApi.GENETICIST, v2), 403, "forbidden");
        ConsultApi.assertProblem(api.post("/api/v1/models", ConsultApi.PATIENT, v2), 403, "forbidden");

        // a model whose published example does not give its published points is not a model
        tools.jackson.databind.node.ObjectNode doc = (tools.jackson.databind.node.ObjectNode) RegistryJson.mapper()
                .valueToTree(cha);
        doc.put("version", 3);
        tools.jackson.databind.node.ObjectNode vector = (tools.jackson.databind.node.ObjectNode) doc.get("testVectors")
                .get(0);
        vector.put("points", vector.get("points").asInt() + 1);
        JsonNode p = ConsultApi.assertProblem(api.post("/api/v1/models", ConsultApi.CARDIOLOGIST, doc.toString()), 400,
                "invalid-model");
        assertThat(p.get("detail").asString()).containsPattern("(?i)test ?vector");
        ConsultApi.assertProblem(api.post("/api/v1/models", ConsultApi.CARDIOLOGIST, "{\"id\":\"x\"}"), 400,
                "invalid-model");
    }
}

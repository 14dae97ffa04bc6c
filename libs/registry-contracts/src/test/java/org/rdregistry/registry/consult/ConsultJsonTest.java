package org.rdregistry.registry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdregistry.registry.consult.ConsultFixtures.CHA;
import static org.rdregistry.registry.consult.ConsultFixtures.CHA_REF;
import static org.rdregistry.registry.consult.ConsultFixtures.DEAL;
import static org.rdregistry.registry.consult.ConsultFixtures.GHENT_REF;
import static org.rdregistry.registry.consult.ConsultFixtures.GROUP;
import static org.rdregistry.registry.consult.ConsultFixtures.MODELS;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON (RegistryJson.mapper(), the wire module) of the submission and of every consultation event:
 * round trips that keep every value, and decoding that fails with a clear error on malformed points,
 * unknown properties and missing values.
 */
class ConsultJsonTest {

    static final JsonMapper JSON = RegistryJson.mapper();
    static ConsultationSubmission submission;
    static String submissionJson;
    static List<ModelScore> scores;

    @BeforeAll
    static void encryptOnce() {
        Map<ModelRef, Map<String, String>> answers = new LinkedHashMap<>();
        answers.put(CHA_REF, CHA.testVectors().get(2).answers());
        answers.put(GHENT_REF, ConsultFixtures.GHENT.testVectors().get(1).answers());
        submission = ConsultFixtures.submit(ConsultationEncryptor.newConsultationId(), answers);
        submissionJson = JSON.writeValueAsString(submission);
        scores = ScoreEvaluator.scores(GROUP, submission, MODELS);
    }

    // ---- round trips ------------------------------------------------------------------------------------

    @Test
    void submissionRoundTripKeepsEveryValueAndStillVerifies() {
        ConsultationSubmission back = JSON.readValue(submissionJson, ConsultationSubmission.class);
        assertThat(back).isEqualTo(submission);
        assertThat(back.modelRefs()).containsExactly(CHA_REF, GHENT_REF);
        assertThat(back.models().get(0).features().keySet()).containsExactlyElementsOf(CHA.names());
        assertThat(ConsultFixtures.verifier().verify(back)).isEmpty();
        assertThat(JSON.writeValueAsString(back)).isEqualTo(submissionJson);
        assertThat(ScoreEvaluator.scores(GROUP, back, MODELS)).isEqualTo(scores);
    }

    @ParameterizedTest
    @EnumSource(ConsultationCase.Status.class)
    void consultationCaseRoundTrip(ConsultationCase.Status status) {
        Instant now = Instant.parse("2026-03-01T10:15:30.123Z");
        ConsultationCase.Lease lease = status == ConsultationCase.Status.SUBMITTED
                || status == ConsultationCase.Status.OPEN ? null
                : new ConsultationCase.Lease("lease-1", "expert-7", KeyPair.generate(GROUP).publicKey(),
                        now.plusSeconds(900));
        ConsultationCase c = new ConsultationCase(submission, now, now.plusSeconds(30L * 86_400), status, lease);
        ConsultationCase back = roundTrip(c, ConsultationCase.class);
        assertThat(back).isEqualTo(c);
        assertThat(back.consultationId()).isEqualTo(submission.consultationId());
        if (lease != null) {
            assertThat(back.lease().activeAt(now)).isTrue();
            assertThat(back.lease().activeAt(now.plusSeconds(900))).isFalse();
        }
    }

    @Test
    void scoreSetRoundTrip() {
        ScoreSet set = new ScoreSet(submission.consultationId(), scores);
        ScoreSet back = roundTrip(set, ScoreSet.class);
        assertThat(back).isEqualTo(set);
        assertThat(back.scores()).extracting(s -> ConsultFixtures.decrypt(s.score())).containsExactly(5L, 7L);
        assertThat(JSON.writeValueAsString(set)).contains("\"model\":\"cha2ds2-vasc@1\"");
    }

    @Test
    void keySwitchRequestsRoundTrip() {
        KeyPair patient = KeyPair.generate(GROUP);
        List<KeySwitchRequest.Item> items = scores.stream()
                .map(s -> new KeySwitchRequest.Item(ConsultContexts.scoreItem(s.model()), s.score())).toList();
        KeySwitchRequest toPatient = new KeySwitchRequest("r-1", submission.consultationId(),
                KeySwitchRequest.Purpose.PATIENT, null, patient.publicKey(), items);
        assertThat(roundTrip(toPatient, KeySwitchRequest.class)).isEqualTo(toPatient);

        List<KeySwitchRequest.Item> expertItems = new java.util.ArrayList<>(items);
        expertItems.add(new KeySwitchRequest.Item(ConsultContexts.HISTORY_KEY_ITEM,
                submission.history().encryptedKeyPoint()));
        KeySwitchRequest toExpert = new KeySwitchRequest("r-2", submission.consultationId(),
                KeySwitchRequest.Purpose.EXPERT, "lease-1", KeyPair.generate(GROUP).publicKey(), expertItems);
        assertThat(roundTrip(toExpert, KeySwitchRequest.class)).isEqualTo(toExpert);

        assertThatThrownBy(() -> new KeySwitchRequest("r-3", submission.consultationId(),
                KeySwitchRequest.Purpose.EXPERT, null, patient.publicKey(), items))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an expert key switch names its lease");
        String noLease = JSON.writeValueAsString(toExpert).replace("\"leaseId\":\"lease-1\"", "\"leaseId\":null");
        assertThatThrownBy(() -> JSON.readValue(noLease, KeySwitchRequest.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("an expert key switch names its lease");
    }

    @Test
    void trusteeSharesRoundTripAndStillCombine() {
        KeyPair patient = KeyPair.generate(GROUP);
        Ciphertext score = scores.get(0).score();
        String item = ConsultContexts.scoreItem(CHA_REF);
        ProofContext ctx = ConsultContexts.keySwitch(submission.consultationId(), "r-1", item);
        ConsultTrusteeMessage one = new ConsultTrusteeMessage.Shares("r-1", submission.consultationId(), 1,
                List.of(KeySwitch.createShare(DEAL.share(1), score, patient.publicKey(), ctx)));
        ConsultTrusteeMessage three = new ConsultTrusteeMessage.Shares("r-1", submission.consultationId(), 3,
                List.of(KeySwitch.createShare(DEAL.share(3), score, patient.publicKey(), ctx)));
        String json = JSON.writeValueAsString(one);
        assertThat(json).contains("\"type\":\"shares\"");
        ConsultTrusteeMessage back1 = JSON.readValue(json, ConsultTrusteeMessage.class);
        ConsultTrusteeMessage back3 = roundTrip(three, ConsultTrusteeMessage.class);
        assertThat(back1).isEqualTo(one);
        assertThat(back3).isEqualTo(three);
        List<KeySwitchShare> shares = List.of(((ConsultTrusteeMessage.Shares) back1).shares().get(0),
                ((ConsultTrusteeMessage.Shares) back3).shares().get(0));
        Ciphertext forPatient = new KeySwitchCombiner(DEAL.jointKey()).combine(score, patient.publicKey(), ctx, shares)
                .ciphertext();
        assertThat(ConsultFixtures.ELGAMAL.decrypt(patient, forPatient)).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(ConsultTrusteeMessage.Reason.class)
    void trusteeRefusalRoundTrip(ConsultTrusteeMessage.Reason reason) {
        ConsultTrusteeMessage refusal = new ConsultTrusteeMessage.Refusal("r-1", submission.consultationId(), 2,
                reason, reason == ConsultTrusteeMessage.Reason.MALFORMED ? "item 3 names no score" : null);
        String json = JSON.writeValueAsString(refusal);
        assertThat(json).contains("\"type\":\"refusal\"", "\"reason\":\"" + reason.name() + "\"");
        assertThat(JSON.readValue(json, ConsultTrusteeMessage.class)).isEqualTo(refusal);
    }

    @Test
    void trusteeMessagesWithoutOrWithAnUnknownTypeAreRefused() {
        String refusal = JSON.writeValueAsString(new ConsultTrusteeMessage.Refusal("r-1", "c", 2,
                ConsultTrusteeMessage.Reason.PURGED, null));
        assertThatThrownBy(() -> JSON.readValue(refusal.replace("\"refusal\"", "\"approval\""),
                ConsultTrusteeMessage.class)).isInstanceOf(JacksonException.class).hasMessageContaining("approval");
        assertThatThrownBy(() -> JSON.readValue(refusal.replace("\"type\":\"refusal\",", ""),
                ConsultTrusteeMessage.class)).isInstanceOf(JacksonException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> JSON.readValue(refusal.replace("\"PURGED\"", "\"BORED\""),
                ConsultTrusteeMessage.class)).isInstanceOf(JacksonException.class).hasMessageContaining("BORED");
    }

    @ParameterizedTest
    @EnumSource(PurgeMarker.Reason.class)
    void purgeMarkerRoundTrip(PurgeMarker.Reason reason) {
        PurgeMarker marker = new PurgeMarker(submission.consultationId(), Instant.parse("2026-03-02T08:00:00Z"), reason);
        assertThat(roundTrip(marker, PurgeMarker.class)).isEqualTo(marker);
    }

    @Test
    void eventsRejectUnknownPropertiesAndMissingValues() {
        String marker = JSON.writeValueAsString(new PurgeMarker("c", Instant.EPOCH, PurgeMarker.Reason.EXPIRED));
        assertThatThrownBy(() -> JSON.readValue(marker.replace("{", "{\"patientName\":\"x\","), PurgeMarker.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("patientName");
        assertThatThrownBy(() -> JSON.readValue("{\"consultationId\":\"c\",\"reason\":\"EXPIRED\"}", PurgeMarker.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("purgedAt");
        assertThatThrownBy(() -> JSON.readValue(submissionJson.replace("\"format\":", "\"extra\":1,\"format\":"),
                ConsultationSubmission.class)).isInstanceOf(JacksonException.class).hasMessageContaining("extra");
    }

    // ---- malformed points -----------------------------------------------------------------------------

    @Test
    void aCiphertextPointOffTheCurveIsRefusedWhenDecoding() {
        assertDecodingFails(tree -> {
            ObjectNode ct = firstCiphertext(tree);
            ct.put("alpha", flipLastCoordinateByte(ct.get("alpha").asString()));
        }, "W.10: invalid point in one-hot-encryption.ciphertexts[0].alpha: point (x, y) not on P-256");
    }

    @Test
    void aProofPointOffTheCurveIsRefusedWhenDecoding() {
        assertDecodingFails(tree -> {
            ObjectNode proof = (ObjectNode) firstFeature(tree).get("sumProof");
            proof.put("a1", flipLastCoordinateByte(proof.get("a1").asString()));
        }, "W.10: invalid point in one-hot-encryption.sumProof.a1: point (x, y) not on P-256");
    }

    @Test
    void aPatientKeyOffTheCurveIsRefusedWhenDecoding() {
        assertDecodingFails(tree -> {
            ObjectNode key = (ObjectNode) tree.get("patientKey");
            key.put("point", flipLastCoordinateByte(key.get("point").asString()));
        }, "W.10: invalid point in public-key.point: point (x, y) not on P-256");
    }

    @Test
    void aTruncatedPointIsRefusedWhenDecoding() {
        assertDecodingFails(tree -> {
            ObjectNode ct = firstCiphertext(tree);
            ct.put("beta", ct.get("beta").asString().substring(0, 44));
        }, "W.12: one-hot-encryption.ciphertexts[0].beta must be 87 base64url characters (65 bytes), got 44");
    }

    @Test
    void aCompressedOrZeroEncodingIsRefusedOnTheWire() {
        assertDecodingFails(tree -> {
            ObjectNode ct = firstCiphertext(tree);
            byte[] bytes = java.util.Base64.getUrlDecoder().decode(ct.get("alpha").asString());
            bytes[0] = 0x02; // a compressed-point prefix in front of x and y
            ct.put("alpha", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }, "W.10: invalid point in one-hot-encryption.ciphertexts[0].alpha: point must use uncompressed encoding");
        assertDecodingFails(tree -> {
            ObjectNode key = (ObjectNode) tree.get("patientKey");
            key.put("point", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[65]));
        }, "W.10: invalid point in public-key.point: point at infinity not allowed here");
        assertDecodingFails(tree -> ((ObjectNode) tree.get("patientKey")).put("point", "AA"),
                "W.12: public-key.point must be 87 base64url characters (65 bytes), got 2");
    }

    @Test
    void aPointDeclaredOnAnotherCurveIsRefusedWhenDecoding() {
        assertDecodingFails(tree -> ((ObjectNode) firstFeature(tree)).put("curve", "secp256k1"),
                "W.10: invalid point in one-hot-encryption.ciphertexts[0].alpha: point (x, y) not on secp256k1");
        assertDecodingFails(tree -> ((ObjectNode) tree.get("history")).put("curve", "curve25519"),
                "W.4: unknown curve \"curve25519\"");
    }

    @Test
    void notBase64IsRefusedWhenDecoding() {
        assertDecodingFails(tree -> firstCiphertext(tree).put("alpha", "not base64 !"),
                "W.12: one-hot-encryption.ciphertexts[0].alpha must be 87 base64url characters");
        assertDecodingFails(tree -> firstCiphertext(tree).put("alpha", "*".repeat(87)),
                "W.12: bad base64url in one-hot-encryption.ciphertexts[0].alpha");
    }

    @Test
    void aNullFeatureIsRefusedWhenDecoding() {
        // used to decode, then throw a NullPointerException inside ConsultationVerifier.verify
        assertDecodingFails(tree -> ((ObjectNode) tree.get("models").get(0).get("features")).putNull("age"),
                "features.age must not be null");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static <T> T roundTrip(T value, Class<T> type) {
        String json = JSON.writeValueAsString(value);
        T back = JSON.readValue(json, type);
        assertThat(JSON.writeValueAsString(back)).isEqualTo(json);
        return back;
    }

    private static void assertDecodingFails(Consumer<ObjectNode> corrupt, String messagePart) {
        ObjectNode tree = (ObjectNode) JSON.readTree(submissionJson);
        corrupt.accept(tree);
        String bad = JSON.writeValueAsString(tree);
        assertThatThrownBy(() -> JSON.readValue(bad, ConsultationSubmission.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining(messagePart);
    }

    private static JsonNode firstFeature(ObjectNode tree) {
        return tree.get("models").get(0).get("features").get("age");
    }

    private static ObjectNode firstCiphertext(ObjectNode tree) {
        return (ObjectNode) firstFeature(tree).get("ciphertexts").get(0);
    }

    /** Changes the last byte of y in a 65-byte uncompressed point (base64url, no padding). */
    private static String flipLastCoordinateByte(String point) {
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(point);
        bytes[bytes.length - 1] ^= 0x01;
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void trusteeMessagesWithoutTheirIdsAreUnreadable() {
        // a message without ids must fail to decode (and be dropped), never reach code that compares them
        assertThatThrownBy(() -> JSON.readValue("{\"type\":\"refusal\",\"requestId\":\"r\",\"trustee\":1,"
                + "\"reason\":\"PURGED\"}", ConsultTrusteeMessage.class)).hasStackTraceContaining("consultationId");
        assertThatThrownBy(() -> JSON.readValue("{\"type\":\"shares\",\"consultationId\":\"c\",\"trustee\":1,"
                + "\"shares\":[]}", ConsultTrusteeMessage.class)).hasStackTraceContaining("requestId");
    }
}

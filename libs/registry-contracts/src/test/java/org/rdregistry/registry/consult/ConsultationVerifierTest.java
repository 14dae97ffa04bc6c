package org.rdregistry.registry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdregistry.registry.consult.ConsultFixtures.CHA;
import static org.rdregistry.registry.consult.ConsultFixtures.CHA_REF;
import static org.rdregistry.registry.consult.ConsultFixtures.ELGAMAL;
import static org.rdregistry.registry.consult.ConsultFixtures.GHENT;
import static org.rdregistry.registry.consult.ConsultFixtures.GHENT_REF;
import static org.rdregistry.registry.consult.ConsultFixtures.GROUP;
import static org.rdregistry.registry.consult.ConsultFixtures.HISTORY;
import static org.rdregistry.registry.consult.ConsultFixtures.JOINT_KEY;
import static org.rdregistry.registry.consult.ConsultFixtures.MODELS;
import static org.rdregistry.registry.consult.ConsultFixtures.answersByIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.hybrid.AuthenticationFailedException;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.ZeroOneProof;
import org.rdregistry.registry.consult.ConsultationSubmission.ModelInput;
import org.rdregistry.registry.consult.ConsultationVerifier.Problem;

/**
 * Negative tests of {@link ConsultationVerifier}: every structural rule, every proof, and the binding of
 * each proof to its joint key, consultation, model and feature. One valid consultation with both models
 * is encrypted once; each test changes one thing.
 */
class ConsultationVerifierTest {

    static final String CHA_FIELD = "models[cha2ds2-vasc@1]";
    static final String GHENT_FIELD = "models[ghent-marfan-systemic@1]";

    static ConsultationSubmission valid;
    static ConsultationSubmission other;
    static ConsultationVerifier verifier;

    @BeforeAll
    static void encryptOnce() {
        valid = ConsultFixtures.submit(ConsultationEncryptor.newConsultationId(), bothModels());
        other = ConsultFixtures.submit(ConsultationEncryptor.newConsultationId(), bothModels());
        verifier = ConsultFixtures.verifier();
    }

    static Map<ModelRef, Map<String, String>> bothModels() {
        Map<ModelRef, Map<String, String>> answers = new LinkedHashMap<>();
        answers.put(CHA_REF, answersByIndex(CHA, 1, 0, 2, 0, 1, 0, 1));
        answers.put(GHENT_REF, answersByIndex(GHENT, 1, 2, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1));
        return answers;
    }

    @Test
    void theUntouchedSubmissionVerifies() {
        assertThat(verifier.verify(valid)).isEmpty();
        assertThat(verifier.verify(other)).isEmpty();
    }

    // ---- proofs -----------------------------------------------------------------------------------

    @Test
    void swappedBitProofsAreRejected() {
        OneHotEncryption age = feature(valid, CHA_REF, "age");
        List<ZeroOneProof> swapped = new ArrayList<>(age.bitProofs());
        swapped.set(0, age.bitProofs().get(1));
        swapped.set(1, age.bitProofs().get(0));
        assertOnlyProofFails(withFeature(valid, CHA_REF, "age",
                new OneHotEncryption(age.ciphertexts(), swapped, age.sumProof())), CHA_FIELD + ".features.age");
    }

    @Test
    void aSumProofFromAnotherFeatureIsRejected() {
        OneHotEncryption age = feature(valid, CHA_REF, "age");
        OneHotEncryption sex = feature(valid, CHA_REF, "sex");
        assertOnlyProofFails(withFeature(valid, CHA_REF, "age",
                new OneHotEncryption(age.ciphertexts(), age.bitProofs(), sex.sumProof())), CHA_FIELD + ".features.age");
    }

    @Test
    void aRerandomisedCiphertextNoLongerMatchesItsProof() {
        OneHotEncryption sex = feature(valid, CHA_REF, "sex");
        List<Ciphertext> cts = new ArrayList<>(sex.ciphertexts());
        cts.set(1, ELGAMAL.rerandomise(JOINT_KEY, cts.get(1)).ciphertext()); // same plaintext, new randomness
        assertOnlyProofFails(withFeature(valid, CHA_REF, "sex",
                new OneHotEncryption(cts, sex.bitProofs(), sex.sumProof())), CHA_FIELD + ".features.sex");
    }

    @Test
    void reorderedCiphertextsAreRejected() {
        // pectus: the patient answered index 2 (carinatum, 2 points); moving the 1 to index 1 would
        // silently change the score to 1 if the position were not bound into the bit proofs
        OneHotEncryption pectus = feature(valid, GHENT_REF, "pectus");
        List<Ciphertext> cts = new ArrayList<>(pectus.ciphertexts());
        cts.set(1, pectus.ciphertexts().get(2));
        cts.set(2, pectus.ciphertexts().get(1));
        List<ZeroOneProof> proofs = new ArrayList<>(pectus.bitProofs());
        proofs.set(1, pectus.bitProofs().get(2));
        proofs.set(2, pectus.bitProofs().get(1));
        assertOnlyProofFails(withFeature(valid, GHENT_REF, "pectus", new OneHotEncryption(cts, proofs,
                pectus.sumProof())), GHENT_FIELD + ".features.pectus");
    }

    @Test
    void aSecondOneCopiedIntoTheVectorIsRejected() {
        // a patient inflating a score by answering two categories: the copied Enc(1) does not match the
        // bit proof of its new position (and no proof of the vector's sum could be made)
        OneHotEncryption wrist = feature(valid, GHENT_REF, "wrist-thumb-sign"); // index 1 (one point)
        List<Ciphertext> cts = new ArrayList<>(wrist.ciphertexts());
        cts.set(2, wrist.ciphertexts().get(1)); // a second 1, at the 3-point category
        assertOnlyProofFails(withFeature(valid, GHENT_REF, "wrist-thumb-sign",
                new OneHotEncryption(cts, wrist.bitProofs(), wrist.sumProof())), GHENT_FIELD + ".features.wrist-thumb-sign");
    }

    // ---- context binding ----------------------------------------------------------------------------

    @Test
    void aFeatureCopiedIntoAnotherConsultationFails() {
        ConsultationSubmission copied = withFeature(other, CHA_REF, "age", feature(valid, CHA_REF, "age"));
        assertOnlyProofFails(copied, CHA_FIELD + ".features.age");
    }

    @Test
    void aWholeSubmissionReplayedUnderANewIdFailsEveryFeature() {
        ConsultationSubmission replayed = new ConsultationSubmission(valid.format(),
                ConsultationEncryptor.newConsultationId(), valid.specialty(), valid.patientKey(), valid.models(),
                valid.history(), valid.historyKeyProof());
        List<Problem> problems = verifier.verify(replayed);
        assertThat(problems).hasSize(CHA.features().size() + GHENT.features().size() + 1)
                .allSatisfy(p -> assertThat(p.reason()).startsWith("proof invalid"));
        assertThat(problems).extracting(Problem::field).contains("historyKeyProof");
    }

    @Test
    void featuresSwappedWithinAModelFail() {
        // both have two categories, so only the proofs' feature binding can tell them apart
        OneHotEncryption hypertension = feature(valid, CHA_REF, "hypertension");
        OneHotEncryption diabetes = feature(valid, CHA_REF, "diabetes");
        ConsultationSubmission swapped = withFeature(withFeature(valid, CHA_REF, "hypertension", diabetes), CHA_REF,
                "diabetes", hypertension);
        assertThat(verifier.verify(swapped)).extracting(Problem::field)
                .containsExactlyInAnyOrder(CHA_FIELD + ".features.hypertension", CHA_FIELD + ".features.diabetes");
    }

    @Test
    void aFeatureCopiedFromAnotherModelFails() {
        // Ghent's pneumothorax (2 categories) put in place of CHA2DS2-VASc's stroke item (2 categories)
        ConsultationSubmission copied = withFeature(valid, CHA_REF, "stroke-tia-thromboembolism",
                feature(valid, GHENT_REF, "pneumothorax"));
        assertOnlyProofFails(copied, CHA_FIELD + ".features.stroke-tia-thromboembolism");
    }

    @Test
    void answersRelabelledAsAnotherVersionOfTheModelFail() {
        // a version 2 with the very same table: the model reference in the context is all that differs
        ScoringModel v2 = new ScoringModel(CHA.id(), 2, CHA.title(), CHA.specialty(), CHA.reference(), CHA.scale(),
                CHA.features(), CHA.interpretation(), CHA.testVectors());
        Map<ModelRef, ScoringModel> withV2 = new HashMap<>(MODELS);
        withV2.put(v2.ref(), v2);
        ModelInput relabelled = new ModelInput(v2.ref(), valid.models().get(0).features());
        ConsultationSubmission s = withModels(valid, List.of(relabelled));
        List<Problem> problems = new ConsultationVerifier(JOINT_KEY, withV2::get).verify(s);
        assertThat(problems).hasSize(CHA.features().size())
                .allSatisfy(p -> assertThat(p.field()).startsWith("models[cha2ds2-vasc@2].features."));
    }

    @Test
    void aVerifierWithAnotherJointKeyRejectsEveryProof() {
        PublicKey otherKey = TestOnlyTrustedDealer.deal(GROUP, 2, 3).jointKey().publicKey();
        List<Problem> problems = new ConsultationVerifier(otherKey, MODELS::get).verify(valid);
        // every feature proof and the history key proof name the registry key in their context
        assertThat(problems).hasSize(CHA.features().size() + GHENT.features().size() + 1)
                .allSatisfy(p -> assertThat(p.reason()).startsWith("proof invalid"));
    }

    @Test
    void aSubmissionEncryptedUnderAnotherKeyIsRejected() {
        PublicKey otherKey = KeyPair.generate(GROUP).publicKey();
        ConsultationSubmission s = new ConsultationEncryptor(otherKey, List.copyOf(MODELS.values()))
                .encrypt(ConsultationEncryptor.newConsultationId(), "cardiology", KeyPair.generate(GROUP).publicKey(),
                        Map.of(CHA_REF, CHA.testVectors().get(0).answers()), HISTORY);
        assertThat(verifier.verify(s)).hasSize(CHA.features().size() + 1)
                .allSatisfy(p -> assertThat(p.reason()).startsWith("proof invalid"));
    }

    // ---- structure ------------------------------------------------------------------------------------

    @Test
    void aFeatureWithTheWrongCategoryCountIsAStructuralProblem() {
        // age has 3 categories; a well-proven 2-category vector in the right context still does not fit
        OneHotEncryption twoCategories = OneHotEncryption.prove(GROUP, JOINT_KEY,
                ConsultContexts.feature(JOINT_KEY, valid.consultationId(), CHA_REF, "age"), 1, 2);
        assertThat(verifier.verify(withFeature(valid, CHA_REF, "age", twoCategories)))
                .containsExactly(new Problem(CHA_FIELD + ".features.age", "expected 3 ciphertexts"));
        OneHotEncryption fourCategories = OneHotEncryption.prove(GROUP, JOINT_KEY,
                ConsultContexts.feature(JOINT_KEY, valid.consultationId(), CHA_REF, "age"), 3, 4);
        assertThat(verifier.verify(withFeature(valid, CHA_REF, "age", fourCategories)))
                .containsExactly(new Problem(CHA_FIELD + ".features.age", "expected 3 ciphertexts"));
    }

    @Test
    void aMissingFeatureIsAProblem() {
        Map<String, OneHotEncryption> features = new LinkedHashMap<>(valid.models().get(0).features());
        features.remove("sex");
        assertThat(verifier.verify(withModels(valid, List.of(new ModelInput(CHA_REF, features),
                valid.models().get(1))))).singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo(CHA_FIELD + ".features");
                    assertThat(p.reason()).startsWith("must be exactly [congestive-heart-failure");
                });
    }

    @Test
    void anExtraFeatureIsAProblem() {
        Map<String, OneHotEncryption> features = new LinkedHashMap<>(valid.models().get(0).features());
        features.put("smoking", feature(valid, CHA_REF, "sex"));
        assertThat(verifier.verify(withModels(valid, List.of(new ModelInput(CHA_REF, features)))))
                .extracting(Problem::field).containsExactly(CHA_FIELD + ".features");
    }

    @Test
    void anUnknownModelIsAProblem() {
        ModelInput unknown = new ModelInput(ModelRef.parse("cha2ds2-vasc@9"), valid.models().get(0).features());
        assertThat(verifier.verify(withModels(valid, List.of(unknown, valid.models().get(1)))))
                .containsExactly(new Problem("models[cha2ds2-vasc@9]", "unknown model"));
    }

    @Test
    void aModelChosenTwiceIsAProblem() {
        assertThat(verifier.verify(withModels(valid, List.of(valid.models().get(0), valid.models().get(1),
                valid.models().get(0))))).containsExactly(new Problem(CHA_FIELD, "model chosen twice"));
    }

    @Test
    void noModelOrMoreThanEightAreProblems() {
        assertThat(verifier.verify(withModels(valid, List.of()))).containsExactly(
                new Problem("models", "choose 1..8 models"));
        List<ModelInput> nine = new ArrayList<>();
        for (int v = 1; v <= 9; v++) {
            nine.add(new ModelInput(new ModelRef("cha2ds2-vasc", v), valid.models().get(0).features()));
        }
        assertThat(verifier.verify(withModels(valid, nine))).contains(new Problem("models", "choose 1..8 models"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "", "2787E48E-29F9-4528-A3D3-D835E6194F70",
            "2787e48e29f94528a3d3d835e6194f70", "2787e48e-29f9-4528-a3d3-d835e6194f70 ",
            "{2787e48e-29f9-4528-a3d3-d835e6194f70}", "2787e48e-29f9-4528-a3d3-d835e6194f7/"})
    void aBadConsultationIdIsAProblem(String id) {
        ConsultationSubmission s = new ConsultationSubmission(valid.format(), id, valid.specialty(), valid.patientKey(),
                valid.models(), valid.history(), valid.historyKeyProof());
        assertThat(verifier.verify(s)).containsExactly(new Problem("consultationId", "must be a lower-case UUID"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Cardiology", "1cardiology", "-cardiology", "cardio logy", "cardiology/x",
            "a123456789012345678901234567890123456789012345678901234567890123"})
    void aBadSpecialtyIsAProblem(String specialty) {
        ConsultationSubmission s = new ConsultationSubmission(valid.format(), valid.consultationId(), specialty,
                valid.patientKey(), valid.models(), valid.history(), valid.historyKeyProof());
        assertThat(verifier.verify(s)).containsExactly(
                new Problem("specialty", "must be lower-case letters, digits and '-'"));
    }

    @Test
    void anUnknownFormatIsRejectedBeforeAnythingElse() {
        ConsultationSubmission s = new ConsultationSubmission("consult-v2", "bad id", "Bad", valid.patientKey(),
                valid.models(), valid.history(), valid.historyKeyProof());
        assertThat(verifier.verify(s)).containsExactly(new Problem("format", "expected consult-v1"));
    }

    @Test
    void aPatientKeyOnAnotherCurveIsAProblem() {
        PublicKey k1 = KeyPair.generate(GroupContext.secp256k1()).publicKey();
        ConsultationSubmission s = new ConsultationSubmission(valid.format(), valid.consultationId(),
                valid.specialty(), k1, valid.models(), valid.history(), valid.historyKeyProof());
        assertThat(verifier.verify(s)).containsExactly(new Problem("patientKey", "not a key on the registry's curve"));
    }

    @Test
    void everyStructuralProblemIsReportedAtOnce() {
        PublicKey k1 = KeyPair.generate(GroupContext.secp256k1()).publicKey();
        ConsultationSubmission s = new ConsultationSubmission(valid.format(), "x", "X", k1,
                List.of(valid.models().get(0), valid.models().get(0)), valid.history(), valid.historyKeyProof());
        assertThat(verifier.verify(s)).extracting(Problem::field)
                .containsExactly("consultationId", "specialty", "patientKey", CHA_FIELD);
    }

    @Test
    void aHistoryBlobLongerThanTheBoundIsAProblem() {
        int max = ConsultationSubmission.MAX_HISTORY_BYTES;
        ClaimableBlob.Proven atBound = ClaimableBlob.sealProven(JOINT_KEY, ConsultContexts.HISTORY_LABEL,
                new byte[max - 16], ConsultContexts.historyAad(valid.consultationId()),
                ConsultContexts.historyKey(JOINT_KEY, valid.consultationId()));
        assertThat(atBound.blob().ciphertext()).hasSize(max);
        assertThat(verifier.verify(withHistory(valid, atBound))).isEmpty();
        ClaimableBlob.Proven tooLong = ClaimableBlob.sealProven(JOINT_KEY, ConsultContexts.HISTORY_LABEL,
                new byte[max - 15], ConsultContexts.historyAad(valid.consultationId()),
                ConsultContexts.historyKey(JOINT_KEY, valid.consultationId()));
        assertThat(verifier.verify(withHistory(valid, tooLong)))
                .containsExactly(new Problem("history", "longer than " + max + " bytes"));
    }

    @Test
    void aHistoryBlobOnAnotherCurveIsAProblem() {
        ClaimableBlob.Proven k1 = ClaimableBlob.sealProven(KeyPair.generate(GroupContext.secp256k1()).publicKey(),
                ConsultContexts.HISTORY_LABEL, HISTORY, ConsultContexts.historyAad(valid.consultationId()),
                ConsultContexts.historyKey(JOINT_KEY, valid.consultationId()));
        assertThat(verifier.verify(withHistory(valid, k1)))
                .containsExactly(new Problem("history", "not on the registry's curve"));
    }

    @Test
    void aHistoryBlobCopiedFromAnotherConsultationFailsItsKeyProofAndDoesNotOpenUnderThisOnesData() {
        // without the key proof (check H.4) a copy would pass, and the trustees would switch the original
        // case's M to whoever claims the copy
        ConsultationSubmission copied = withHistory(other, valid.history(), valid.historyKeyProof());
        assertThat(verifier.verify(copied)).extracting(Problem::field).containsExactly("historyKeyProof");
        ClaimableBlob blob = copied.history();
        var keyPoint = ELGAMAL.decryptToPoint(ConsultFixtures.DEAL.secret(), blob.encryptedKeyPoint());
        assertThatThrownBy(() -> blob.open(keyPoint, ConsultContexts.HISTORY_LABEL,
                ConsultContexts.historyAad(other.consultationId()))).isInstanceOf(AuthenticationFailedException.class);
        assertThat(blob.open(keyPoint, ConsultContexts.HISTORY_LABEL, ConsultContexts.historyAad(valid.consultationId())))
                .isEqualTo(HISTORY);
    }

    // ---- the encryptor's own refusals ---------------------------------------------------------------

    @Test
    void theEncryptorRefusesWhatTheVerifierWouldReject() {
        ConsultationEncryptor e = ConsultFixtures.encryptor();
        PublicKey patient = KeyPair.generate(GROUP).publicKey();
        Map<String, String> good = CHA.testVectors().get(0).answers();
        assertThatThrownBy(() -> e.encrypt("NOT-A-UUID", "cardiology", patient, Map.of(CHA_REF, good), HISTORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("consultation id must be a lower-case UUID");
        String id = ConsultationEncryptor.newConsultationId();
        assertThatThrownBy(() -> e.encrypt(id, "cardiology", patient, Map.of(), HISTORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("choose 1..8 models");
        assertThatThrownBy(() -> e.encrypt(id, "cardiology", patient, Map.of(ModelRef.parse("x@1"), good), HISTORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown model x@1");
        Map<String, String> badLabel = new HashMap<>(good);
        badLabel.put("sex", "unknown");
        assertThatThrownBy(() -> e.encrypt(id, "cardiology", patient, Map.of(CHA_REF, badLabel), HISTORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("feature sex has no category 'unknown'");
        Map<String, String> missing = new HashMap<>(good);
        missing.remove("age");
        assertThatThrownBy(() -> e.encrypt(id, "cardiology", patient, Map.of(CHA_REF, missing), HISTORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("answers must name exactly");
        byte[] tooLong = new byte[ConsultationSubmission.MAX_HISTORY_BYTES - 15];
        assertThatThrownBy(() -> e.encrypt(id, "cardiology", patient, Map.of(CHA_REF, good), tooLong))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("history longer than");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static void assertOnlyProofFails(ConsultationSubmission s, String field) {
        assertThat(verifier.verify(s)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.reason()).startsWith("proof invalid (check O.");
        });
    }

    static OneHotEncryption feature(ConsultationSubmission s, ModelRef model, String name) {
        return s.models().stream().filter(m -> m.model().equals(model)).findFirst().orElseThrow().features().get(name);
    }

    static ConsultationSubmission withFeature(ConsultationSubmission s, ModelRef model, String name,
                                              OneHotEncryption value) {
        return mapModels(s, input -> {
            if (!input.model().equals(model)) {
                return input;
            }
            Map<String, OneHotEncryption> features = new LinkedHashMap<>(input.features());
            features.put(name, value);
            return new ModelInput(model, features);
        });
    }

    private static ConsultationSubmission mapModels(ConsultationSubmission s, UnaryOperator<ModelInput> f) {
        return withModels(s, s.models().stream().map(f).toList());
    }

    static ConsultationSubmission withModels(ConsultationSubmission s, List<ModelInput> models) {
        return new ConsultationSubmission(s.format(), s.consultationId(), s.specialty(), s.patientKey(), models,
                s.history(), s.historyKeyProof());
    }

    static ConsultationSubmission withHistory(ConsultationSubmission s, ClaimableBlob.Proven history) {
        return withHistory(s, history.blob(), history.keyProof());
    }

    static ConsultationSubmission withHistory(ConsultationSubmission s, ClaimableBlob history,
                                              org.rdregistry.crypto.keyceremony.SchnorrProof proof) {
        return new ConsultationSubmission(s.format(), s.consultationId(), s.specialty(), s.patientKey(), s.models(),
                history, proof);
    }
}

package org.rdregistry.registry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.registry.consult.ConsultFixtures.CHA;
import static org.rdregistry.registry.consult.ConsultFixtures.GHENT;
import static org.rdregistry.registry.consult.ConsultFixtures.GROUP;
import static org.rdregistry.registry.consult.ConsultFixtures.MODELS;
import static org.rdregistry.registry.consult.ConsultFixtures.answersByIndex;
import static org.rdregistry.registry.consult.ConsultFixtures.decrypt;
import static org.rdregistry.registry.consult.ConsultFixtures.submit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.elgamal.Ciphertext;

/**
 * Known-answer tests of the two shipped models against their publications. The expected tables and
 * scores below are literals copied by hand from the papers, never computed by the code under test:
 * CHA2DS2-VASc from Lip et al., Chest 2010;137:263-272 (C 1, H 1, A2 2, D 1, S2 2, V 1, A 1, Sc 1;
 * maximum 9; 0 low, 1 intermediate, 2 or more high risk), the revised Ghent systemic score from
 * Loeys et al., J Med Genet 2010;47:476-485, Box 1 (maximum 20; 7 or more indicates systemic
 * involvement).
 */
class ShippedModelsTest {

    @Test
    void exactlyTheTwoPublishedModelsAreShipped() {
        assertThat(ScoringModels.shipped()).extracting(m -> m.ref().toString())
                .containsExactly("cha2ds2-vasc@1", "ghent-marfan-systemic@1");
        assertThat(CHA.specialty()).isEqualTo("cardiology");
        assertThat(GHENT.specialty()).isEqualTo("medical-genetics");
        assertThat(CHA.reference()).contains("Chest 2010;137(2):263-272", "10.1378/chest.09-1584");
        assertThat(GHENT.reference()).contains("J Med Genet 2010;47(7):476-485", "10.1136/jmg.2009.072785", "Box 1");
        assertThat(CHA.scale()).isEqualTo(1);
        assertThat(GHENT.scale()).isEqualTo(1);
    }

    @Test
    void cha2ds2VascPointsPerItemAreLip2010() {
        Map<String, Map<String, Integer>> published = new LinkedHashMap<>();
        published.put("congestive-heart-failure", cats("no", 0, "yes", 1));
        published.put("hypertension", cats("no", 0, "yes", 1));
        published.put("age", cats("under-65", 0, "65-74", 1, "75-or-over", 2));
        published.put("diabetes", cats("no", 0, "yes", 1));
        published.put("stroke-tia-thromboembolism", cats("no", 0, "yes", 2));
        published.put("vascular-disease", cats("no", 0, "yes", 1));
        published.put("sex", cats("male", 0, "female", 1));
        assertOrderedTable(CHA, published);
        assertThat(CHA.minPoints()).isZero();
        assertThat(CHA.maxPoints()).isEqualTo(9);
    }

    @Test
    void cha2ds2VascInterpretationIsLowIntermediateHigh() {
        assertThat(CHA.interpretation()).extracting(ScoringModel.Band::atLeast).containsExactly(0, 1, 2);
        assertThat(CHA.meaning(0)).isEqualTo("0: low risk");
        assertThat(CHA.meaning(1)).isEqualTo("1: intermediate risk");
        for (int score = 2; score <= 9; score++) {
            assertThat(CHA.meaning(score)).isEqualTo("2 or more: high risk");
        }
    }

    @Test
    void ghentSystemicPointsPerItemAreLoeys2010Box1() {
        Map<String, Map<String, Integer>> published = new LinkedHashMap<>();
        published.put("wrist-thumb-sign", cats("neither", 0, "wrist-or-thumb", 1, "wrist-and-thumb", 3));
        published.put("pectus", cats("none", 0, "excavatum-or-asymmetry", 1, "carinatum", 2));
        published.put("hindfoot", cats("none", 0, "plain-pes-planus", 1, "hindfoot-deformity", 2));
        published.put("pneumothorax", cats("no", 0, "yes", 2));
        published.put("dural-ectasia", cats("no", 0, "yes", 2));
        published.put("protrusio-acetabuli", cats("no", 0, "yes", 2));
        published.put("reduced-us-ls-increased-arm-span", cats("no", 0, "yes", 1));
        published.put("scoliosis-or-kyphosis", cats("no", 0, "yes", 1));
        published.put("reduced-elbow-extension", cats("no", 0, "yes", 1));
        published.put("facial-features", cats("no", 0, "yes", 1));
        published.put("skin-striae", cats("no", 0, "yes", 1));
        published.put("myopia-over-3-diopters", cats("no", 0, "yes", 1));
        published.put("mitral-valve-prolapse", cats("no", 0, "yes", 1));
        assertOrderedTable(GHENT, published);
        assertThat(GHENT.minPoints()).isZero();
        assertThat(GHENT.maxPoints()).isEqualTo(20);
        assertThat(GHENT.feature("reduced-us-ls-increased-arm-span").description()).contains("no severe scoliosis");
        assertThat(GHENT.feature("facial-features").description()).contains("3 of 5");
    }

    @Test
    void ghentInterpretationThresholdIsSeven() {
        assertThat(GHENT.interpretation()).extracting(ScoringModel.Band::atLeast).containsExactly(0, 7);
        assertThat(GHENT.meaning(6)).startsWith("below 7");
        assertThat(GHENT.meaning(7)).startsWith("7 or more: systemic involvement");
        assertThat(GHENT.meaning(20)).startsWith("7 or more: systemic involvement");
    }

    /** Every shipped test vector: its plaintext score and its homomorphic score equal its points. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("shippedVectors")
    void shippedTestVector(ModelRef ref, String description, ScoringModel.TestVector vector) {
        ScoringModel model = MODELS.get(ref);
        assertThat(model.points(vector.answers())).isEqualTo(vector.points());
        assertThat(homomorphicScore(model, vector.answers())).isEqualTo(vector.points());
    }

    static Stream<Arguments> shippedVectors() {
        return ScoringModels.shipped().stream().flatMap(m -> m.testVectors().stream()
                .map(v -> Arguments.of(m.ref(), v.description(), v)));
    }

    @Test
    void shippedVectorsCoverTheMinimumAndMaximum() {
        assertThat(CHA.testVectors()).extracting(ScoringModel.TestVector::points).contains(0, 9);
        assertThat(GHENT.testVectors()).extracting(ScoringModel.TestVector::points).contains(0, 20);
    }

    /**
     * Extra vectors worked out by hand from the publications. Answers are category indices in the
     * model's feature order: CHA2DS2-VASc (C, H, age [&lt;65, 65-74, &ge;75], D, S2, V, Sc [m, f]); Ghent
     * (wrist/thumb [neither, one, both], pectus [none, excavatum, carinatum], hindfoot [none, pes planus,
     * deformity], pneumothorax, dural ectasia, protrusio, US/LS + arm span, scoliosis, elbow, face,
     * striae, myopia, MVP).
     */
    @ParameterizedTest(name = "{0}: {1} = {3}")
    @MethodSource("handComputedVectors")
    void handComputedVector(ModelRef ref, String description, int[] answers, int expectedPoints) {
        ScoringModel model = MODELS.get(ref);
        Map<String, String> labels = answersByIndex(model, answers);
        assertThat(model.points(labels)).isEqualTo(expectedPoints);
        assertThat(homomorphicScore(model, labels)).isEqualTo(expectedPoints);
    }

    static Stream<Arguments> handComputedVectors() {
        ModelRef cha = ConsultFixtures.CHA_REF;
        ModelRef ghent = ConsultFixtures.GHENT_REF;
        return Stream.of(
                // A2 alone counts 2
                Arguments.of(cha, "man aged 76, nothing else", new int[] {0, 0, 2, 0, 0, 0, 0}, 2),
                // S2 alone counts 2
                Arguments.of(cha, "man aged 50 with a prior TIA", new int[] {0, 0, 0, 0, 1, 0, 0}, 2),
                // Sc 1 + S2 2 + D 1
                Arguments.of(cha, "woman aged 60, prior stroke, diabetes", new int[] {0, 0, 0, 1, 1, 0, 1}, 4),
                // C 1 + H 1 + A 1 + D 1 + V 1
                Arguments.of(cha, "man aged 68, heart failure, hypertension, diabetes, prior MI",
                        new int[] {1, 1, 1, 1, 0, 1, 0}, 5),
                // everything but A2: 1 + 1 + 1 + 1 + 2 + 1 + 1
                Arguments.of(cha, "woman aged 70 with every other factor", new int[] {1, 1, 1, 1, 1, 1, 1}, 8),
                // Sc only: the score of a woman under 65 without risk factors
                Arguments.of(cha, "woman aged 40, no factor", new int[] {0, 0, 0, 0, 0, 0, 1}, 1),
                // 1 + 1 + 1
                Arguments.of(ghent, "thumb sign, pectus excavatum, pes planus",
                        new int[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 3),
                // 3 + 2 + 2: just at the threshold
                Arguments.of(ghent, "wrist and thumb sign, hindfoot deformity, pneumothorax",
                        new int[] {2, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 7),
                // 2 + 2 + 2: just below it
                Arguments.of(ghent, "pectus carinatum, dural ectasia, protrusio acetabuli",
                        new int[] {0, 2, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0}, 6),
                // the seven one-point items
                Arguments.of(ghent, "every one-point item", new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}, 7),
                // 3 + 2 + 2 + 2 + 2 + 2
                Arguments.of(ghent, "every item worth 2 or 3 points at its maximum",
                        new int[] {2, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0}, 13),
                // 1 + 1 + 1 + 1 + 1 + 1 + 1 (lowest non-zero categories of the three-way items and four singles)
                Arguments.of(ghent, "wrist sign, chest asymmetry, pes planus, striae, myopia, MVP, scoliosis",
                        new int[] {1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1}, 7));
    }

    @Test
    void bothModelsInOneConsultationScoreInSubmissionOrder() {
        Map<ModelRef, Map<String, String>> answers = new LinkedHashMap<>();
        answers.put(GHENT.ref(), answersByIndex(GHENT, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1)); // 3 + 2 + 1 + 1
        answers.put(CHA.ref(), answersByIndex(CHA, 0, 1, 2, 1, 0, 0, 1)); // 1 + 2 + 1 + 1
        ConsultationSubmission s = submit(ConsultationEncryptor.newConsultationId(), answers);
        assertThat(ConsultFixtures.verifier().verify(s)).isEmpty();
        List<ModelScore> scores = ScoreEvaluator.scores(GROUP, s, MODELS);
        assertThat(scores).extracting(ModelScore::model).containsExactly(GHENT.ref(), CHA.ref());
        assertThat(scores).extracting(sc -> decrypt(sc.score())).containsExactly(7L, 5L);
    }

    /** Encrypts with proofs under the dealt joint key, verifies, evaluates both ways, decrypts. */
    private static long homomorphicScore(ScoringModel model, Map<String, String> answers) {
        ConsultationSubmission s = submit(model, answers);
        assertThat(ConsultFixtures.verifier().verify(s)).isEmpty();
        ConsultationSubmission.ModelInput input = s.models().get(0);
        Ciphertext score = ScoreEvaluator.score(GROUP, model, input.features());
        // the proof-free path used by the bulk tests computes the very same ciphertext
        Map<String, List<Ciphertext>> bare = new LinkedHashMap<>();
        input.features().forEach((name, oneHot) -> bare.put(name, oneHot.ciphertexts()));
        assertThat(ScoreEvaluator.scoreOfCiphertexts(GROUP, model, bare)).isEqualTo(score);
        assertThat(ScoreEvaluator.scores(GROUP, s, MODELS).get(0).score()).isEqualTo(score);
        return decrypt(score);
    }

    /** Same features and categories, same points, in the same order (the index vectors rely on it). */
    private static void assertOrderedTable(ScoringModel model, Map<String, Map<String, Integer>> published) {
        assertThat(table(model)).containsExactlyEntriesOf(published);
        assertThat(table(model)).hasToString(published.toString());
    }

    private static Map<String, Integer> cats(Object... labelsAndPoints) {
        Map<String, Integer> categories = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndPoints.length; i += 2) {
            categories.put((String) labelsAndPoints[i], (Integer) labelsAndPoints[i + 1]);
        }
        return categories;
    }

    private static Map<String, Map<String, Integer>> table(ScoringModel model) {
        Map<String, Map<String, Integer>> table = new LinkedHashMap<>();
        for (ScoringModel.Feature f : model.features()) {
            Map<String, Integer> categories = new LinkedHashMap<>();
            f.categories().forEach(c -> categories.put(c.label(), c.points()));
            table.put(f.name(), categories);
        }
        return table;
    }
}

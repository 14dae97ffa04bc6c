package org.rdregistry.registry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.registry.consult.ConsultFixtures.GROUP;
import static org.rdregistry.registry.consult.ConsultFixtures.MODELS;
import static org.rdregistry.registry.consult.ConsultFixtures.answersByIndex;
import static org.rdregistry.registry.consult.ConsultFixtures.decrypt;
import static org.rdregistry.registry.consult.ConsultFixtures.oneHotWithoutProofs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntBinaryOperator;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.registry.events.RegistryJson;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the homomorphic score on arbitrary small models (1-4 features of 2-4 categories with
 * points in [-50, 50]): it equals the plaintext score, it is linear in the points table and in the
 * encrypted answers, and the proven and proof-free evaluation paths agree on the shipped models.
 */
class ScoreEvaluatorPropertiesTest {

    /** A generated model and one answer (category index) per feature. */
    record Case(ScoringModel model, int[] answers) {
        @Override
        public String toString() {
            return "Case" + tableOf(model) + " answers " + java.util.Arrays.toString(answers);
        }
    }

    @Provide
    Arbitrary<List<List<Integer>>> tables() {
        return Arbitraries.integers().between(-50, 50).list().ofMinSize(2).ofMaxSize(4).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Case> cases() {
        return tables().flatMap(table -> Arbitraries.integers().between(0, 3).array(int[].class).ofSize(table.size())
                .map(raw -> {
                    int[] answers = new int[raw.length];
                    for (int i = 0; i < raw.length; i++) {
                        answers[i] = raw[i] % table.get(i).size();
                    }
                    return new Case(modelOf(table, 1), answers);
                }));
    }

    @Property(tries = 60)
    void homomorphicScoreEqualsPlaintextScore(@ForAll("cases") Case c) {
        int plaintext = c.model().points(answersByIndex(c.model(), c.answers()));
        assertThat(plaintext).isEqualTo(expectedByHand(c));
        Map<String, List<Ciphertext>> encrypted = oneHotWithoutProofs(c.model(), c.answers());
        Ciphertext score = ScoreEvaluator.scoreOfCiphertexts(GROUP, c.model(), encrypted);
        assertThat(decrypt(score)).isEqualTo(plaintext);
        // deterministic: the scorer and every trustee compute the very same ciphertext
        assertThat(ScoreEvaluator.scoreOfCiphertexts(GROUP, c.model(), encrypted)).isEqualTo(score);
    }

    @Property(tries = 40)
    void scoreIsLinearInThePointsTable(@ForAll("cases") Case c, @ForAll @IntRange(min = -5, max = 5) int k,
                                       @ForAll @IntRange(min = -50, max = 50) int shift) {
        List<List<Integer>> p1 = tableOf(c.model());
        // a second table of the same shape: p2 = p1 with every cell moved by a position-dependent amount
        List<List<Integer>> p2 = combine(p1, p1, (a, b) -> (a * 7 + shift) % 51);
        Map<String, List<Ciphertext>> encrypted = oneHotWithoutProofs(c.model(), c.answers());
        Ciphertext s1 = ScoreEvaluator.scoreOfCiphertexts(GROUP, c.model(), encrypted);
        Ciphertext s2 = ScoreEvaluator.scoreOfCiphertexts(GROUP, modelOf(p2, 1), encrypted);
        Ciphertext sum = ScoreEvaluator.scoreOfCiphertexts(GROUP, modelOf(combine(p1, p2, Integer::sum), 1), encrypted);
        Ciphertext scaled = ScoreEvaluator.scoreOfCiphertexts(GROUP, modelOf(combine(p1, p1, (a, b) -> k * a), 1),
                encrypted);
        assertThat(sum).isEqualTo(s1.add(s2).normalize());
        assertThat(scaled).isEqualTo(s1.multiply(GROUP, k).normalize());
    }

    @Property(tries = 30)
    void scoreIsAdditiveOverEncryptedAnswers(@ForAll("cases") Case a, @ForAll @IntRange(min = 0, max = 1000) int salt) {
        int[] other = new int[a.answers().length];
        for (int i = 0; i < other.length; i++) {
            other[i] = (a.answers()[i] + salt + i) % a.model().features().get(i).categories().size();
        }
        Map<String, List<Ciphertext>> ca = oneHotWithoutProofs(a.model(), a.answers());
        Map<String, List<Ciphertext>> cb = oneHotWithoutProofs(a.model(), other);
        Map<String, List<Ciphertext>> both = new LinkedHashMap<>();
        ca.forEach((name, cts) -> {
            List<Ciphertext> sums = new ArrayList<>();
            for (int j = 0; j < cts.size(); j++) {
                sums.add(cts.get(j).add(cb.get(name).get(j)));
            }
            both.put(name, sums);
        });
        Ciphertext sa = ScoreEvaluator.scoreOfCiphertexts(GROUP, a.model(), ca);
        Ciphertext sb = ScoreEvaluator.scoreOfCiphertexts(GROUP, a.model(), cb);
        Ciphertext sBoth = ScoreEvaluator.scoreOfCiphertexts(GROUP, a.model(), both);
        assertThat(sBoth).isEqualTo(sa.add(sb).normalize());
        assertThat(decrypt(sBoth)).isEqualTo(a.model().points(answersByIndex(a.model(), a.answers()))
                + a.model().points(answersByIndex(a.model(), other)));
    }

    @Property(tries = 8)
    void provenAndProofFreePathsAgreeOnTheShippedModels(@ForAll @IntRange(min = 0, max = 1) int which,
                                                        @ForAll("seeds") long seed) {
        ScoringModel model = which == 0 ? ConsultFixtures.CHA : ConsultFixtures.GHENT;
        int[] answers = ConsultFixtures.randomIndices(model, new java.util.Random(seed));
        ConsultationSubmission s = ConsultFixtures.submit(model, answersByIndex(model, answers));
        assertThat(ConsultFixtures.verifier().verify(s)).isEmpty();
        Map<String, List<Ciphertext>> bare = new LinkedHashMap<>();
        s.models().get(0).features().forEach((name, oneHot) -> bare.put(name, oneHot.ciphertexts()));
        Ciphertext proven = ScoreEvaluator.scores(GROUP, s, MODELS).get(0).score();
        assertThat(ScoreEvaluator.scoreOfCiphertexts(GROUP, model, bare)).isEqualTo(proven);
        assertThat(decrypt(proven)).isEqualTo(model.points(answersByIndex(model, answers)));
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 100)
    void generatedModelsSurviveAJsonRoundTrip(@ForAll("tables") List<List<Integer>> table,
                                              @ForAll @IntRange(min = 1, max = 100) int scale) {
        ScoringModel model = modelOf(table, scale);
        byte[] json = RegistryJson.mapper().writeValueAsBytes(model);
        assertThat(ScoringModels.parse(json)).isEqualTo(model);
    }

    @Provide
    Arbitrary<String> modelIds() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('0', '9');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-')
                .ofMaxLength(62);
        return net.jqwik.api.Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    @Property(tries = 200)
    void modelRefsRoundTripThroughTheirText(@ForAll("modelIds") String id,
                                            @ForAll @IntRange(min = 1, max = 999_999) int version) {
        ModelRef ref = new ModelRef(id, version);
        assertThat(ModelRef.parse(ref.toString())).isEqualTo(ref);
        assertThat(RegistryJson.mapper().readValue(RegistryJson.mapper().writeValueAsString(ref), ModelRef.class))
                .isEqualTo(ref);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** The plaintext sum computed independently of ScoringModel.points. */
    private static int expectedByHand(Case c) {
        int sum = 0;
        List<List<Integer>> table = tableOf(c.model());
        for (int i = 0; i < c.answers().length; i++) {
            sum += table.get(i).get(c.answers()[i]);
        }
        return sum;
    }

    static ScoringModel modelOf(List<List<Integer>> table, int scale) {
        List<ScoringModel.Feature> features = new ArrayList<>();
        for (int f = 0; f < table.size(); f++) {
            List<ScoringModel.Category> categories = new ArrayList<>();
            for (int c = 0; c < table.get(f).size(); c++) {
                categories.add(new ScoringModel.Category("c" + c, table.get(f).get(c)));
            }
            features.add(new ScoringModel.Feature("f" + f, "feature " + f, categories));
        }
        return new ScoringModel("generated", 1, "Generated model", "testing", "generated by jqwik", scale, features,
                List.of(new ScoringModel.Band(-1000, "any")), List.of());
    }

    static List<List<Integer>> tableOf(ScoringModel model) {
        return model.features().stream()
                .map(f -> f.categories().stream().map(ScoringModel.Category::points).toList()).toList();
    }

    private static List<List<Integer>> combine(List<List<Integer>> a, List<List<Integer>> b, IntBinaryOperator op) {
        List<List<Integer>> out = new ArrayList<>();
        for (int f = 0; f < a.size(); f++) {
            List<Integer> row = new ArrayList<>();
            for (int c = 0; c < a.get(f).size(); c++) {
                row.add(op.applyAsInt(a.get(f).get(c), b.get(f).get(c)));
            }
            out.add(row);
        }
        return out;
    }
}

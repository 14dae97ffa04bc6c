package org.rdregistry.registry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdregistry.registry.consult.ScoringModel.Band;
import org.rdregistry.registry.consult.ScoringModel.Category;
import org.rdregistry.registry.consult.ScoringModel.Feature;
import org.rdregistry.registry.consult.ScoringModel.TestVector;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.core.JacksonException;

/** Validation of {@link ModelRef}, {@link ScoringModel} and the error messages of {@link ScoringModels#parse}. */
class ScoringModelValidationTest {

    // ---- ModelRef ---------------------------------------------------------------------------------------

    @Test
    void modelRefsParsePrintAndOrder() {
        ModelRef ref = ModelRef.parse("cha2ds2-vasc@1");
        assertThat(ref).isEqualTo(new ModelRef("cha2ds2-vasc", 1));
        assertThat(ref).hasToString("cha2ds2-vasc@1");
        assertThat(ModelRef.parse("a@999999").version()).isEqualTo(999_999);
        assertThat(List.of(ModelRef.parse("b@1"), ModelRef.parse("a@10"), ModelRef.parse("a@2")).stream().sorted()
                .map(ModelRef::toString)).containsExactly("a@2", "a@10", "b@1");
        assertThat(RegistryJson.mapper().writeValueAsString(ref)).isEqualTo("\"cha2ds2-vasc@1\"");
        assertThat(RegistryJson.mapper().readValue("\"cha2ds2-vasc@1\"", ModelRef.class)).isEqualTo(ref);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Cha2ds2-vasc", "-cha", "cha_vasc", "cha vasc", "cha.vasc", "é",
            "a123456789012345678901234567890123456789012345678901234567890123"})
    void badModelIdsAreRefused(String id) {
        assertThatThrownBy(() -> new ModelRef(id, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model id must be lower-case letters, digits and '-', at most 63");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1_000_000, Integer.MIN_VALUE})
    void badVersionsAreRefused(int version) {
        assertThatThrownBy(() -> new ModelRef("cha2ds2-vasc", version)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model version must be 1..999999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cha2ds2-vasc", "cha2ds2-vasc@", "@1", "cha2ds2-vasc@0", "cha2ds2-vasc@01",
            "cha2ds2-vasc@1000000", "CHA@1", "cha@1@2", "cha@1 ", " cha@1", "cha@-1", "cha@v1"})
    void badModelReferencesAreRefused(String text) {
        assertThatThrownBy(() -> ModelRef.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model reference must look like 'cha2ds2-vasc@1': " + text);
        assertThatThrownBy(() -> RegistryJson.mapper().readValue("\"" + text + "\"", ModelRef.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("model reference must look like");
    }

    // ---- ScoringModel -------------------------------------------------------------------------------------

    static Feature yesNo(String name, int yes) {
        return new Feature(name, "the " + name, List.of(new Category("no", 0), new Category("yes", yes)));
    }

    static ScoringModel model(List<Feature> features, List<Band> bands, List<TestVector> vectors) {
        return new ScoringModel("test-score", 1, "A test score", "cardiology", "nobody, 2026", 1, features, bands,
                vectors);
    }

    static ScoringModel model(List<Feature> features) {
        return model(features, List.of(), List.of());
    }

    @Test
    void aSmallValidModel() {
        ScoringModel m = model(List.of(yesNo("a", 2), yesNo("b", -3)), List.of(new Band(-3, "low"), new Band(1, "high")),
                List.of(new TestVector("both", Map.of("a", "yes", "b", "yes"), -1)));
        assertThat(m.minPoints()).isEqualTo(-3);
        assertThat(m.maxPoints()).isEqualTo(2);
        assertThat(m.points(Map.of("a", "yes", "b", "no"))).isEqualTo(2);
        assertThat(m.meaning(-4)).isNull();
        assertThat(m.meaning(0)).isEqualTo("low");
        assertThat(m.meaning(2)).isEqualTo("high");
        assertThat(m.names()).containsExactly("a", "b");
        assertThat(m.ref()).isEqualTo(new ModelRef("test-score", 1));
    }

    @Test
    void headerFieldsAreValidated() {
        List<Feature> f = List.of(yesNo("a", 1));
        assertThatThrownBy(() -> new ScoringModel("Test", 1, "t", "cardiology", "r", 1, f, null, null))
                .hasMessageStartingWith("model id must be");
        assertThatThrownBy(() -> new ScoringModel("test", 0, "t", "cardiology", "r", 1, f, null, null))
                .hasMessage("model version must be 1..999999");
        assertThatThrownBy(() -> new ScoringModel("test", 1, " ", "cardiology", "r", 1, f, null, null))
                .hasMessage("title must be 1..200 characters");
        assertThatThrownBy(() -> new ScoringModel("test", 1, "x".repeat(201), "cardiology", "r", 1, f, null, null))
                .hasMessage("title must be 1..200 characters");
        assertThatThrownBy(() -> new ScoringModel("test", 1, "t", "Cardiology", "r", 1, f, null, null))
                .hasMessageStartingWith("specialty must be lower-case letters");
        assertThatThrownBy(() -> new ScoringModel("test", 1, "t", "cardiology", "", 1, f, null, null))
                .hasMessage("reference must be 1..1000 characters");
        assertThatThrownBy(() -> new ScoringModel("test", 1, "t", "cardiology", "r", 0, f, null, null))
                .hasMessage("scale must be 1..100");
        assertThatThrownBy(() -> new ScoringModel("test", 1, "t", "cardiology", "r", 101, f, null, null))
                .hasMessage("scale must be 1..100");
        assertThat(new ScoringModel("test", 1, "t", "cardiology", "r", 2, f, null, null).interpretation()).isEmpty();
    }

    @Test
    void featureCountIsBounded() {
        assertThatThrownBy(() -> model(List.of())).hasMessage("a model has 1..64 features");
        List<Feature> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add(yesNo("f" + i, 1));
        }
        assertThatThrownBy(() -> model(many)).hasMessage("a model has 1..64 features");
        assertThat(model(many.subList(0, 64)).maxPoints()).isEqualTo(64);
    }

    @Test
    void duplicateFeaturesAreRefused() {
        assertThatThrownBy(() -> model(List.of(yesNo("a", 1), yesNo("b", 1), yesNo("a", 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate feature a");
    }

    @Test
    void featuresAreValidated() {
        List<Category> two = List.of(new Category("no", 0), new Category("yes", 1));
        assertThatThrownBy(() -> new Feature("Age", "d", two)).hasMessageStartingWith("feature name must be lower-case");
        assertThatThrownBy(() -> new Feature("age", "", two)).hasMessage("description of age must be 1..500 characters");
        assertThatThrownBy(() -> new Feature("age", "d", List.of(new Category("only", 1))))
                .hasMessage("feature age needs 2..32 categories");
        List<Category> many = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            many.add(new Category("c" + i, i));
        }
        assertThatThrownBy(() -> new Feature("age", "d", many)).hasMessage("feature age needs 2..32 categories");
        assertThat(new Feature("age", "d", many.subList(0, 32)).categories()).hasSize(32);
    }

    @Test
    void duplicateCategoriesAreRefused() {
        assertThatThrownBy(() -> new Feature("sex", "d", List.of(new Category("male", 0), new Category("female", 1),
                new Category("male", 1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature sex has duplicate category male");
    }

    @Test
    void tooManyPointsAreRefused() {
        assertThatThrownBy(() -> new Category("huge", 10_001)).hasMessage("points of huge out of range");
        assertThatThrownBy(() -> new Category("huge", -10_001)).hasMessage("points of huge out of range");
        assertThat(new Category("edge", -10_000).points()).isEqualTo(-10_000);
        // each category is allowed, their total is not
        assertThatThrownBy(() -> model(List.of(yesNo("a", 6_000), yesNo("b", 4_001))))
                .hasMessage("total points must stay within +-10000");
        assertThatThrownBy(() -> model(List.of(yesNo("a", -6_000), yesNo("b", -4_001))))
                .hasMessage("total points must stay within +-10000");
        assertThat(model(List.of(yesNo("a", 6_000), yesNo("b", 4_000))).maxPoints()).isEqualTo(10_000);
        assertThat(model(List.of(yesNo("a", -6_000), yesNo("b", 4_000))).minPoints()).isEqualTo(-6_000);
    }

    @Test
    void bandsMustAscend() {
        List<Feature> f = List.of(yesNo("a", 5));
        assertThatThrownBy(() -> model(f, List.of(new Band(0, "low"), new Band(3, "mid"), new Band(3, "high")), null))
                .hasMessage("interpretation bands must ascend by atLeast");
        assertThatThrownBy(() -> model(f, List.of(new Band(2, "high"), new Band(0, "low")), null))
                .hasMessage("interpretation bands must ascend by atLeast");
        assertThatThrownBy(() -> new Band(1, " ")).hasMessage("meaning must be 1..300 characters");
    }

    @Test
    void testVectorsMustAgreeWithThePointsTable() {
        List<Feature> f = List.of(yesNo("a", 2), yesNo("b", 1));
        assertThatThrownBy(() -> model(f, null, List.of(new TestVector("typo", Map.of("a", "yes", "b", "yes"), 4))))
                .hasMessage("test vector 'typo' expects 4 points but the model gives 3");
        assertThatThrownBy(() -> model(f, null, List.of(new TestVector("short", Map.of("a", "yes"), 2))))
                .hasMessage("test vector 'short': answers must name exactly the features [a, b]");
        assertThatThrownBy(() -> model(f, null, List.of(new TestVector("label", Map.of("a", "si", "b", "no"), 2))))
                .hasMessage("test vector 'label': feature a has no category 'si'; one of [no, yes]");
    }

    @Test
    void pointsOfAnswersAreChecked() {
        ScoringModel m = model(List.of(yesNo("a", 2), yesNo("b", 1)));
        assertThatThrownBy(() -> m.points(Map.of("a", "yes"))).hasMessage("answers must name exactly the features [a, b]");
        assertThatThrownBy(() -> m.points(Map.of("a", "yes", "b", "no", "c", "no")))
                .hasMessage("answers must name exactly the features [a, b]");
        assertThatThrownBy(() -> m.points(Map.of("a", "yes", "b", "maybe")))
                .hasMessage("feature b has no category 'maybe'; one of [no, yes]");
        assertThatThrownBy(() -> m.feature("c")).hasMessage("model test-score@1 has no feature c");
    }

    // ---- ScoringModels.parse ------------------------------------------------------------------------------

    static final String SMALL = """
            {"id":"small","version":1,"title":"Small","specialty":"cardiology","reference":"nobody","scale":1,
             "features":[
               {"name":"a","description":"item a","categories":[{"label":"no","points":0},{"label":"yes","points":2}]},
               {"name":"b","description":"item b","categories":[{"label":"no","points":0},{"label":"yes","points":1}]}],
             "interpretation":[{"atLeast":0,"meaning":"low"},{"atLeast":2,"meaning":"high"}],
             "testVectors":[{"description":"both","answers":{"a":"yes","b":"yes"},"points":3}]}
            """;

    static ScoringModel parse(String json) {
        return ScoringModels.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidDocumentParses() {
        ScoringModel m = parse(SMALL);
        assertThat(m.ref()).isEqualTo(ModelRef.parse("small@1"));
        assertThat(m.maxPoints()).isEqualTo(3);
        assertThat(parse(RegistryJson.mapper().writeValueAsString(m))).isEqualTo(m);
    }

    @Test
    void shippedModelsSurviveAJsonRoundTrip() {
        for (ScoringModel m : ScoringModels.shipped()) {
            assertThat(ScoringModels.parse(RegistryJson.mapper().writeValueAsBytes(m))).isEqualTo(m);
        }
    }

    @Test
    void parseErrorsSayWhatIsWrong() {
        assertParseError(SMALL.replace("\"scale\":1,", "\"scale\":1,\"author\":\"x\","),
                "invalid model document: Unrecognized property \"author\"");
        assertParseError(SMALL.replace("\"description\":\"item a\",", "\"description\":\"item a\",\"weight\":3,"),
                "invalid model document: Unrecognized property \"weight\"");
        assertParseError(SMALL.replace("\"name\":\"b\"", "\"name\":\"a\""), "invalid model: duplicate feature a");
        assertParseError(SMALL.replace("{\"label\":\"yes\",\"points\":1}", "{\"label\":\"no\",\"points\":1}"),
                "invalid model: feature b has duplicate category no");
        assertParseError(SMALL.replace("\"points\":2}", "\"points\":20000}"), "invalid model: points of yes out of range");
        assertParseError(SMALL.replace("\"atLeast\":2", "\"atLeast\":0"),
                "invalid model: interpretation bands must ascend by atLeast");
        assertParseError(SMALL.replace("\"points\":3}", "\"points\":4}"),
                "invalid model: test vector 'both' expects 4 points but the model gives 3");
        assertParseError(SMALL.replace("\"id\":\"small\"", "\"id\":\"Small\""), "invalid model: model id must be");
        assertParseError(SMALL.replace("\"version\":1,", ""), "invalid model document:");
        assertParseError(SMALL.replace("\"points\":2}", "\"points\":\"two\"}"), "invalid model document:");
        assertParseError(SMALL.replace("\"points\":2}", "\"points\":2.5}"), "invalid model document:");
        assertParseError("{\"id\":", "invalid model document:");
        assertParseError("[]", "invalid model document:");
    }

    private static void assertParseError(String json, String messageStart) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(messageStart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}

package org.rdregistry.hospital.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;

class AnswersFileTest {

    static final Map<ModelRef, ScoringModel> MODELS = ScoringModels.shipped().stream()
            .collect(Collectors.toMap(ScoringModel::ref, Function.identity()));
    static final ModelRef CHA = ModelRef.parse("cha2ds2-vasc@1");
    static final String GOOD = """
            {"cha2ds2-vasc@1": {"congestive-heart-failure": "no", "hypertension": "yes", "age": "75-or-over",
              "diabetes": "yes", "stroke-tia-thromboembolism": "no", "vascular-disease": "no", "sex": "female"}}
            """;

    static Map<ModelRef, Map<String, String>> parse(String json) {
        return AnswersFile.parse("answers.json", json.getBytes(StandardCharsets.UTF_8), MODELS::get, MODELS.keySet());
    }

    @Test
    void validAnswersMatchTheModelsWorkedExample() {
        Map<ModelRef, Map<String, String>> answers = parse(GOOD);
        assertThat(answers).containsOnlyKeys(CHA);
        assertThat(MODELS.get(CHA).points(answers.get(CHA))).isEqualTo(5);
    }

    @Test
    void templateParsesBack() {
        for (ScoringModel m : MODELS.values()) {
            assertThat(parse(AnswersFile.template(m))).containsOnlyKeys(m.ref());
        }
    }

    @Test
    void unknownModelListsThePublishedOnes() {
        assertThatThrownBy(() -> parse("{\"heart-score@2\": {}}"))
                .isInstanceOf(ConsultationException.class)
                .hasMessage("answers.json: model heart-score@2 is not published (published: cha2ds2-vasc@1, "
                        + "ghent-marfan-systemic@1)");
        assertThatThrownBy(() -> parse("{\"CHA2DS2\": {}}"))
                .hasMessage("answers.json: 'CHA2DS2' is not a model reference like 'cha2ds2-vasc@1'");
    }

    @Test
    void unknownOrMissingFeature() {
        assertThatThrownBy(() -> parse(GOOD.replace("\"hypertension\"", "\"high-blood-pressure\"")))
                .isInstanceOf(ConsultationException.class)
                .hasMessageStartingWith("answers.json: model cha2ds2-vasc@1: unknown feature 'high-blood-pressure' "
                        + "(features: congestive-heart-failure, hypertension, age,");
        assertThatThrownBy(() -> parse(GOOD.replace(", \"sex\": \"female\"", "")))
                .hasMessage("answers.json: model cha2ds2-vasc@1: not answered: sex");
    }

    @Test
    void unknownCategoryListsTheCategories() {
        assertThatThrownBy(() -> parse(GOOD.replace("75-or-over", "80")))
                .isInstanceOf(ConsultationException.class)
                .hasMessage("answers.json: model cha2ds2-vasc@1, feature age: unknown category '80' (one of under-65, "
                        + "65-74, 75-or-over)");
        assertThatThrownBy(() -> parse(GOOD.replace("\"yes\"", "true")))
                .hasMessageContaining("feature hypertension: the answer must be a category label in quotes, one of no, yes");
    }

    @Test
    void malformedFiles() {
        assertThatThrownBy(() -> parse("{")).hasMessageStartingWith("answers.json is not valid JSON");
        assertThatThrownBy(() -> parse("[]")).hasMessageStartingWith("answers.json must be a JSON object");
        assertThatThrownBy(() -> parse("{}")).hasMessage("answers.json names no model");
        assertThatThrownBy(() -> parse(GOOD.replace("\"sex\": \"female\"", "\"sex\": \"female\", \"sex\": \"male\"")))
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> parse("{\"cha2ds2-vasc@1\": [\"no\"]}"))
                .hasMessage("answers.json: model cha2ds2-vasc@1: expected an object of feature -> category");
    }
}

package org.rdregistry.hospital.consult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The patient's answers file: per chosen model (reference {@code id@version}), every feature of the
 * model mapped to one of its category labels, for example
 *
 * <pre>
 * {
 *   "cha2ds2-vasc@1": {"congestive-heart-failure": "no", "hypertension": "yes", "age": "75-or-over",
 *                      "diabetes": "yes", "stroke-tia-thromboembolism": "no", "vascular-disease": "no",
 *                      "sex": "female"}
 * }
 * </pre>
 *
 * Checked completely against the published models before anything is encrypted: an unknown model,
 * feature or category, a feature left out, a duplicate key or a non-text answer is a one-line error
 * naming the model and feature (never the other answers).
 */
public final class AnswersFile {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private AnswersFile() {
    }

    /**
     * Parses and checks the answers.
     *
     * @param source    the file's name, for messages
     * @param published looks up a published model, null if unknown
     * @param catalogue the published references (listed when a model is unknown)
     * @throws ConsultationException naming the first problem
     */
    public static Map<ModelRef, Map<String, String>> parse(String source, byte[] json,
                                                           Function<ModelRef, ScoringModel> published,
                                                           Collection<ModelRef> catalogue) {
        JsonNode root;
        try {
            root = STRICT.readTree(json);
        } catch (JacksonException e) {
            throw new ConsultationException(source + " is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ConsultationException(source + " must be a JSON object: model reference -> feature -> category");
        }
        if (root.isEmpty()) {
            throw new ConsultationException(source + " names no model");
        }
        if (root.size() > ConsultationSubmission.MAX_MODELS) {
            throw new ConsultationException(source + " names " + root.size() + " models; at most "
                    + ConsultationSubmission.MAX_MODELS);
        }
        Map<ModelRef, Map<String, String>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            ModelRef ref;
            try {
                ref = ModelRef.parse(e.getKey());
            } catch (IllegalArgumentException bad) {
                throw new ConsultationException(source + ": '" + e.getKey() + "' is not a model reference like "
                        + "'cha2ds2-vasc@1'");
            }
            ScoringModel model = published.apply(ref);
            if (model == null) {
                List<String> refs = catalogue.stream().sorted().map(ModelRef::toString).toList();
                throw new ConsultationException(source + ": model " + ref + " is not published (published: "
                        + (refs.isEmpty() ? "none" : String.join(", ", refs)) + ")");
            }
            answers.put(ref, features(source, model, e.getValue()));
        }
        return answers;
    }

    private static Map<String, String> features(String source, ScoringModel model, JsonNode node) {
        String where = source + ": model " + model.ref();
        if (!node.isObject()) {
            throw new ConsultationException(where + ": expected an object of feature -> category");
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!model.names().contains(f.getKey())) {
                throw new ConsultationException(where + ": unknown feature '" + f.getKey() + "' (features: "
                        + String.join(", ", model.names()) + ")");
            }
            ScoringModel.Feature feature = model.feature(f.getKey());
            if (!f.getValue().isString()) {
                throw new ConsultationException(where + ", feature " + feature.name()
                        + ": the answer must be a category label in quotes, one of " + labels(feature));
            }
            String label = f.getValue().stringValue();
            if (feature.categories().stream().noneMatch(c -> c.label().equals(label))) {
                throw new ConsultationException(where + ", feature " + feature.name() + ": unknown category '"
                        + label + "' (one of " + labels(feature) + ")");
            }
            answers.put(feature.name(), label);
        }
        List<String> missing = new ArrayList<>();
        for (String name : model.names()) {
            if (!answers.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConsultationException(where + ": not answered: " + String.join(", ", missing));
        }
        return answers;
    }

    private static String labels(ScoringModel.Feature feature) {
        return String.join(", ", feature.categories().stream().map(ScoringModel.Category::label).toList());
    }

    /** A template to fill in: every feature of the model with its first category. */
    public static String template(ScoringModel model) {
        Map<String, String> answers = new LinkedHashMap<>();
        model.features().forEach(f -> answers.put(f.name(), f.categories().get(0).label()));
        return STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of(model.ref().toString(), answers));
    }
}

package org.rdregistry.registry.consult;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A published points-based clinical score (issue 5, brief §5): every feature is binned into
 * categories, the patient's answer to a feature is one category (encrypted one-hot), and the score is
 * the sum of the chosen categories' integer points. Half points are written as integers with
 * {@code scale = 2} (the displayed score is points / scale). Models are public; only the patient's
 * answers are secret.
 *
 * @param id            stable identifier, lower-case ({@code cha2ds2-vasc})
 * @param version       published version; a published version never changes
 * @param title         human-readable name
 * @param specialty     the expert queue the model belongs to ({@code cardiology})
 * @param reference     the published definition (citation or DOI)
 * @param scale         divisor of the integer points for display (1, or 2 for half points)
 * @param features      the binned features, in order
 * @param interpretation score bands with their published meaning, ascending by {@code atLeast}
 * @param testVectors   worked examples from the published definition: answers and expected points
 */
public record ScoringModel(String id, int version, String title, String specialty, String reference, int scale,
                           List<Feature> features, List<Band> interpretation, List<TestVector> testVectors) {

    /** Bounds that keep every score decodable by the patient's small discrete-log table. */
    public static final int MAX_FEATURES = 64;
    public static final int MAX_CATEGORIES = 32;
    public static final int MAX_ABS_POINTS = 10_000;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SPECIALTY = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public ScoringModel {
        ref(id, version); // validates id and version
        requireText(title, "title", 200);
        Objects.requireNonNull(specialty, "specialty");
        if (!SPECIALTY.matcher(specialty).matches()) {
            throw new IllegalArgumentException("specialty must be lower-case letters, digits and '-': " + specialty);
        }
        requireText(reference, "reference", 1000);
        if (scale < 1 || scale > 100) {
            throw new IllegalArgumentException("scale must be 1..100");
        }
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        if (features.isEmpty() || features.size() > MAX_FEATURES) {
            throw new IllegalArgumentException("a model has 1.." + MAX_FEATURES + " features");
        }
        Set<String> names = new HashSet<>();
        for (Feature f : features) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("duplicate feature " + f.name());
            }
        }
        interpretation = interpretation == null ? List.of() : List.copyOf(interpretation);
        for (int i = 1; i < interpretation.size(); i++) {
            if (interpretation.get(i).atLeast() <= interpretation.get(i - 1).atLeast()) {
                throw new IllegalArgumentException("interpretation bands must ascend by atLeast");
            }
        }
        testVectors = testVectors == null ? List.of() : List.copyOf(testVectors);
        // A worked example that disagrees with the points table means the table (or the example) was
        // mistyped: refuse the model rather than publish it.
        for (TestVector v : testVectors) {
            int computed;
            try {
                computed = pointsOf(features, v.answers());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("test vector '" + v.description() + "': " + e.getMessage(), e);
            }
            if (computed != v.points()) {
                throw new IllegalArgumentException("test vector '" + v.description() + "' expects " + v.points()
                        + " points but the model gives " + computed);
            }
        }
        long min = 0;
        long max = 0;
        for (Feature f : features) {
            min += f.categories().stream().mapToInt(Category::points).min().orElseThrow();
            max += f.categories().stream().mapToInt(Category::points).max().orElseThrow();
        }
        if (min < -MAX_ABS_POINTS || max > MAX_ABS_POINTS) {
            throw new IllegalArgumentException("total points must stay within +-" + MAX_ABS_POINTS);
        }
    }

    public ModelRef ref() {
        return new ModelRef(id, version);
    }

    private static ModelRef ref(String id, int version) {
        return new ModelRef(id, version);
    }

    public Feature feature(String name) {
        for (Feature f : features) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("model " + ref() + " has no feature " + name);
    }

    public int minPoints() {
        return features.stream().mapToInt(f -> f.categories().stream().mapToInt(Category::points).min().orElseThrow())
                .sum();
    }

    public int maxPoints() {
        return features.stream().mapToInt(f -> f.categories().stream().mapToInt(Category::points).max().orElseThrow())
                .sum();
    }

    /**
     * The plaintext score of answers given as category labels per feature (the reference computation the
     * homomorphic evaluation must equal).
     *
     * @throws IllegalArgumentException if a feature is missing, unknown, or a label is not a category
     */
    public int points(Map<String, String> answers) {
        return pointsOf(features, answers);
    }

    private static int pointsOf(List<Feature> features, Map<String, String> answers) {
        Set<String> names = new java.util.LinkedHashSet<>();
        features.forEach(f -> names.add(f.name()));
        if (!answers.keySet().equals(names)) {
            throw new IllegalArgumentException("answers must name exactly the features " + names);
        }
        int sum = 0;
        for (Feature f : features) {
            sum += f.categories().get(f.indexOf(answers.get(f.name()))).points();
        }
        return sum;
    }

    /** The published meaning of a score, or null if the model gives none. */
    public String meaning(int points) {
        String meaning = null;
        for (Band b : interpretation) {
            if (points >= b.atLeast()) {
                meaning = b.meaning();
            }
        }
        return meaning;
    }

    public Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>();
        features.forEach(f -> names.add(f.name()));
        return names;
    }

    /** A feature and its categories; the patient's answer selects exactly one category. */
    public record Feature(String name, String description, List<Category> categories) {
        public Feature {
            Objects.requireNonNull(name, "feature name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("feature name must be lower-case letters, digits and '-': " + name);
            }
            requireText(description, "description of " + name, 500);
            categories = List.copyOf(Objects.requireNonNull(categories, "categories"));
            if (categories.size() < 2 || categories.size() > MAX_CATEGORIES) {
                throw new IllegalArgumentException("feature " + name + " needs 2.." + MAX_CATEGORIES + " categories");
            }
            Set<String> labels = new HashSet<>();
            for (Category c : categories) {
                if (!labels.add(c.label())) {
                    throw new IllegalArgumentException("feature " + name + " has duplicate category " + c.label());
                }
            }
        }

        /** Index of a category label. */
        public int indexOf(String label) {
            for (int i = 0; i < categories.size(); i++) {
                if (categories.get(i).label().equals(label)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("feature " + name + " has no category '" + label + "'; one of "
                    + categories.stream().map(Category::label).toList());
        }
    }

    /** One bin of a feature and the integer points it contributes. */
    public record Category(String label, int points) {
        public Category {
            requireText(label, "category label", 100);
            if (Math.abs(points) > MAX_ABS_POINTS) {
                throw new IllegalArgumentException("points of " + label + " out of range");
            }
        }
    }

    /** A score band: from {@code atLeast} points up to the next band. */
    public record Band(int atLeast, String meaning) {
        public Band {
            requireText(meaning, "meaning", 300);
        }
    }

    /** A worked example: answers (feature name to category label) and the published total points. */
    public record TestVector(String description, Map<String, String> answers, int points) {
        public TestVector {
            answers = Map.copyOf(answers);
        }
    }

    private static void requireText(String text, String what, int max) {
        if (text == null || text.isBlank() || text.length() > max) {
            throw new IllegalArgumentException(what + " must be 1.." + max + " characters");
        }
    }
}

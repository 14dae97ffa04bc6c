package org.rdregistry.registry.schema;

import java.util.List;
import java.util.Objects;

/**
 * One encrypted field of the registry schema: a one-hot categorical value, or a bounded integer
 * (encrypted with a range proof, optionally with its proven square so that variances can be released).
 */
public sealed interface FieldSpec {

    /** Maximum number of categories of a one-hot field (the proof library's limit). */
    int MAX_CATEGORIES = 4096;
    /** Largest integer range max - min (the range proof's limit). */
    long MAX_RANGE = 1L << 32;

    String name();

    String cde();

    /** A one-hot field: exactly one of {@code categories} is 1. */
    record Categorical(String name, String cde, List<String> categories) implements FieldSpec {
        public Categorical {
            Objects.requireNonNull(name, "name");
            categories = List.copyOf(categories);
            if (categories.size() < 2 || categories.size() > MAX_CATEGORIES) {
                throw new SchemaException("field " + name + ": needs 2.." + MAX_CATEGORIES + " categories");
            }
            if (categories.stream().distinct().count() != categories.size()) {
                throw new SchemaException("field " + name + ": duplicate category labels");
            }
        }

        /** Index of a category label, or -1. */
        public int indexOf(String label) {
            return categories.indexOf(label);
        }
    }

    /**
     * An integer in [min, max]; encrypted as v - min in [0, max - min] with a range proof. With
     * {@code squares}, (v - min)^2 is encrypted too, with a proof that it is the square of the encrypted
     * value (crypto spec §3.6), for variances. Squares need (max - min)^2 <= 2^32, the range the shared
     * decryption table decodes, so that at least small cohorts' sums of squares stay decodable.
     */
    record Integer(String name, String cde, long min, long max, boolean squares) implements FieldSpec {
        public Integer {
            Objects.requireNonNull(name, "name");
            if (max <= min || max - min > MAX_RANGE) {
                throw new SchemaException("field " + name + ": needs min < max and max - min <= 2^32");
            }
            if (squares && max - min > (1L << 16)) {
                throw new SchemaException("field " + name + ": (max - min)^2 must be <= 2^32 for squares");
            }
        }

        /** The range-proof bound of the value. */
        public long bound() {
            return max - min;
        }
    }
}

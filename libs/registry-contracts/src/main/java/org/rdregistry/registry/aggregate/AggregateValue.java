package org.rdregistry.registry.aggregate;

import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.Ciphertext;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The homomorphic aggregate of one field over a cohort. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AggregateValue.Histogram.class, name = "histogram"),
    @JsonSubTypes.Type(value = AggregateValue.Sum.class, name = "sum")
})
public sealed interface AggregateValue {

    /** Enc(number of patients in each category). */
    record Histogram(List<Ciphertext> cells) implements AggregateValue {
        public Histogram {
            cells = List.copyOf(cells);
        }
    }

    /** Enc(sum of v - min) and, when the schema asks for squares, Enc(sum of (v - min)^2). */
    record Sum(Ciphertext sum, Ciphertext sumOfSquares) implements AggregateValue {
        public Sum {
            Objects.requireNonNull(sum, "sum");
        }
    }
}

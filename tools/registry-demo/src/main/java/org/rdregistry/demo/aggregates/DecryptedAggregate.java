package org.rdregistry.demo.aggregates;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PlaintextOutOfRangeException;
import org.rdregistry.registry.aggregate.AggregateValue;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * A cohort aggregate decrypted with the demo dealer key: the patient count, each categorical field's
 * histogram and each integer field's sums. A value outside the discrete-log table's range (possible
 * only for sums of squares of large cohorts) is null rather than a wrong number.
 */
public record DecryptedAggregate(String cohort, String schemaVersion, Long count, Map<String, Map<String, Long>> histograms,
                                 Map<String, IntegerSums> integers, Map<Integer, Long> position) {

    /** An integer field's sums of shifted values v - min (as encrypted) and the field's min. */
    public record IntegerSums(long min, Long sum, Long sumOfSquares) {

        /** Mean of v over n patients (the shift undone). */
        public OptionalDouble mean(long n) {
            return n < 1 || sum == null ? OptionalDouble.empty() : OptionalDouble.of(min + (double) sum / n);
        }

        /** Sample standard deviation (n - 1 in the denominator); shift-invariant, so computed on v - min. */
        public OptionalDouble standardDeviation(long n) {
            if (n < 2 || sum == null || sumOfSquares == null) {
                return OptionalDouble.empty();
            }
            BigInteger bn = BigInteger.valueOf(n);
            BigInteger numerator = bn.multiply(BigInteger.valueOf(sumOfSquares))
                    .subtract(BigInteger.valueOf(sum).pow(2));
            double variance = numerator.doubleValue() / ((double) n * (n - 1));
            return OptionalDouble.of(Math.sqrt(Math.max(0, variance)));
        }
    }

    public DecryptedAggregate {
        Objects.requireNonNull(cohort, "cohort");
    }

    /** Decrypts every ciphertext of the aggregate. */
    public static DecryptedAggregate decrypt(CohortAggregate aggregate, KeyPair key, ElGamal elgamal) {
        RegistrySchema schema = RegistrySchema.load(aggregate.schemaVersion());
        Map<String, Map<String, Long>> histograms = new LinkedHashMap<>();
        Map<String, IntegerSums> integers = new LinkedHashMap<>();
        for (FieldSpec spec : schema.fields()) {
            AggregateValue value = aggregate.fields().get(spec.name());
            if (spec instanceof FieldSpec.Categorical c && value instanceof AggregateValue.Histogram h) {
                Map<String, Long> cells = new LinkedHashMap<>();
                for (int k = 0; k < c.categories().size() && k < h.cells().size(); k++) {
                    cells.put(c.categories().get(k), decrypt(elgamal, key, h.cells().get(k)));
                }
                histograms.put(c.name(), cells);
            } else if (spec instanceof FieldSpec.Integer i && value instanceof AggregateValue.Sum s) {
                integers.put(i.name(), new IntegerSums(i.min(), decrypt(elgamal, key, s.sum()),
                        s.sumOfSquares() == null ? null : decrypt(elgamal, key, s.sumOfSquares())));
            }
        }
        return new DecryptedAggregate(aggregate.cohort(), aggregate.schemaVersion(),
                decrypt(elgamal, key, aggregate.count()), histograms, integers, aggregate.position());
    }

    /** The plaintext of one ciphertext, or null if it is outside the decodable range. */
    static Long decrypt(ElGamal elgamal, KeyPair key, Ciphertext c) {
        try {
            return elgamal.decrypt(key, c);
        } catch (PlaintextOutOfRangeException e) {
            return null;
        }
    }
}

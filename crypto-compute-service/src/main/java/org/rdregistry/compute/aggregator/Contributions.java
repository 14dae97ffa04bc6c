package org.rdregistry.compute.aggregator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.registry.aggregate.AggregateValue;
import org.rdregistry.registry.aggregate.CohortAggregate;

/**
 * Ciphertext-wise arithmetic on {@link CohortAggregate}s of the same cohort and schema. A single
 * record's contribution is itself a {@code CohortAggregate} ({@code empty.plus(record)}), so an update
 * travels as one vector {@code new - old} instead of two records with their proofs, and the running
 * aggregate is {@code aggregate + delta}. The group is abelian and every result is normalised, so the
 * outcome is byte-for-byte the aggregate that {@code empty.plus(..).minus(..)} would give: a trustee
 * recomputing from the log with {@link CohortAggregate#plus}/{@link CohortAggregate#minus} gets the same
 * ciphertexts.
 */
public final class Contributions {

    private static final BinaryOperator<Ciphertext> ADD = Ciphertext::add;
    private static final BinaryOperator<Ciphertext> SUBTRACT = Ciphertext::subtract;

    private Contributions() {
    }

    /** {@code a + b}, keeping {@code a}'s position. */
    public static CohortAggregate add(CohortAggregate a, CohortAggregate b) {
        return combine(a, b, ADD);
    }

    /** {@code a - b}, keeping {@code a}'s position. */
    public static CohortAggregate subtract(CohortAggregate a, CohortAggregate b) {
        return combine(a, b, SUBTRACT);
    }

    /** {@code -a}: what to add to remove a contribution (erasure). */
    public static CohortAggregate negate(CohortAggregate a) {
        return map(a, Ciphertext::negate);
    }

    /** The same ciphertexts without a position (a contribution or delta covers no input range itself). */
    public static CohortAggregate withoutPosition(CohortAggregate a) {
        return new CohortAggregate(a.cohort(), a.schemaVersion(), a.count(), a.fields(), Map.of(), a.records());
    }

    private static CohortAggregate combine(CohortAggregate a, CohortAggregate b, BinaryOperator<Ciphertext> op) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!a.cohort().equals(b.cohort()) || !a.schemaVersion().equals(b.schemaVersion())) {
            throw new IllegalArgumentException("cannot combine cohort " + a.cohort() + " schema " + a.schemaVersion()
                    + " with cohort " + b.cohort() + " schema " + b.schemaVersion());
        }
        if (!a.fields().keySet().equals(b.fields().keySet())) {
            throw new IllegalArgumentException("cannot combine aggregates with different fields");
        }
        Map<String, AggregateValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AggregateValue> e : a.fields().entrySet()) {
            String name = e.getKey();
            AggregateValue x = e.getValue();
            AggregateValue y = b.fields().get(name);
            if (x instanceof AggregateValue.Histogram hx && y instanceof AggregateValue.Histogram hy
                    && hx.cells().size() == hy.cells().size()) {
                List<Ciphertext> cells = new ArrayList<>(hx.cells().size());
                for (int k = 0; k < hx.cells().size(); k++) {
                    cells.add(apply(op, hx.cells().get(k), hy.cells().get(k)));
                }
                out.put(name, new AggregateValue.Histogram(cells));
            } else if (x instanceof AggregateValue.Sum sx && y instanceof AggregateValue.Sum sy
                    && (sx.sumOfSquares() == null) == (sy.sumOfSquares() == null)) {
                out.put(name, new AggregateValue.Sum(apply(op, sx.sum(), sy.sum()),
                        sx.sumOfSquares() == null ? null : apply(op, sx.sumOfSquares(), sy.sumOfSquares())));
            } else {
                throw new IllegalArgumentException("field " + name + " differs in kind or size");
            }
        }
        long records = op == ADD ? a.records() + b.records() : a.records() - b.records();
        return new CohortAggregate(a.cohort(), a.schemaVersion(), apply(op, a.count(), b.count()), out, a.position(), records)
                .normalized();
    }

    private static CohortAggregate map(CohortAggregate a, UnaryOperator<Ciphertext> op) {
        Map<String, AggregateValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AggregateValue> e : a.fields().entrySet()) {
            if (e.getValue() instanceof AggregateValue.Histogram h) {
                out.put(e.getKey(), new AggregateValue.Histogram(h.cells().stream().map(op).toList()));
            } else if (e.getValue() instanceof AggregateValue.Sum s) {
                out.put(e.getKey(), new AggregateValue.Sum(op.apply(s.sum()),
                        s.sumOfSquares() == null ? null : op.apply(s.sumOfSquares())));
            }
        }
        return new CohortAggregate(a.cohort(), a.schemaVersion(), op.apply(a.count()), out, a.position(), -a.records())
                .normalized();
    }

    private static Ciphertext apply(BinaryOperator<Ciphertext> op, Ciphertext x, Ciphertext y) {
        // normalised afterwards, all at once, like CohortAggregate does, so equal aggregates are equal as bytes
        return op.apply(x, y);
    }
}

package org.rdregistry.registry.aggregate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.registry.events.RecordCiphertexts;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * The homomorphic sums of one cohort (brief §3): an encrypted patient count (the sum of the count
 * field's one-hot cells, each record's being proven to encrypt exactly 1), a histogram per categorical
 * field and a sum (and sum of squares) per integer field. Immutable: {@link #plus} adds a record's
 * contribution, {@link #minus} removes it (update and erasure).
 *
 * <p>{@code position} maps the records-topic partition of the cohort (the records topic is partitioned
 * by cohort, see {@code CohortPartitioner}) to the next offset the aggregate covers, so that a trustee
 * can recompute exactly this aggregate from the log before it helps to decrypt it. {@code records} is
 * the number of live records it sums: routing metadata the operator sees anyway (each record's key
 * names its cohort), which trustees use for their minimum cohort size; researchers only ever see the
 * noisy encrypted count. (A contribution used as a difference may
 * have a negative {@code records}.)
 */
public record CohortAggregate(String cohort, String schemaVersion, Ciphertext count,
                              Map<String, AggregateValue> fields, Map<Integer, Long> position, long records) {

    public CohortAggregate {
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(count, "count");
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        position = java.util.Collections.unmodifiableMap(new TreeMap<>(position));
    }

    /** The aggregate of no records: every ciphertext is the neutral (O, O). */
    public static CohortAggregate empty(RegistrySchema schema, GroupContext group, String cohort) {
        Map<String, AggregateValue> fields = new LinkedHashMap<>();
        Ciphertext zero = Ciphertext.zero(group);
        for (FieldSpec spec : schema.fields()) {
            if (spec instanceof FieldSpec.Categorical c) {
                fields.put(c.name(), new AggregateValue.Histogram(java.util.Collections.nCopies(c.categories().size(), zero)));
            } else if (spec instanceof FieldSpec.Integer i) {
                fields.put(i.name(), new AggregateValue.Sum(zero, i.squares() ? zero : null));
            }
        }
        return new CohortAggregate(cohort, schema.version(), zero, fields, Map.of(), 0);
    }

    /** This aggregate plus one (verified) record. */
    public CohortAggregate plus(RegistrySchema schema, GroupContext group, RecordSubmission record) {
        return combine(schema, group, RecordCiphertexts.of(record), false);
    }

    /** This aggregate plus the ciphertexts of one record whose proofs were verified (by whoever attests it). */
    public CohortAggregate plus(RegistrySchema schema, GroupContext group, RecordCiphertexts record) {
        return combine(schema, group, record, false);
    }

    /** This aggregate minus one record previously added. */
    public CohortAggregate minus(RegistrySchema schema, GroupContext group, RecordSubmission record) {
        return combine(schema, group, RecordCiphertexts.of(record), true);
    }

    /** The same aggregate, marked as covering the records topic up to {@code nextOffset} of {@code partition}. */
    public CohortAggregate at(int partition, long nextOffset) {
        Map<Integer, Long> p = new TreeMap<>(position);
        p.merge(partition, nextOffset, Math::max);
        return new CohortAggregate(cohort, schemaVersion, count, fields, p, records);
    }

    private CohortAggregate combine(RegistrySchema schema, GroupContext group, RecordCiphertexts record, boolean subtract) {
        if (!cohort.equals(record.cohort()) || !schemaVersion.equals(record.schemaVersion())) {
            throw new IllegalArgumentException("record " + record.recordId() + " is not of cohort " + cohort
                    + " schema " + schemaVersion);
        }
        Map<String, AggregateValue> next = new LinkedHashMap<>();
        Ciphertext countDelta = null;
        for (FieldSpec spec : schema.fields()) {
            AggregateValue current = fields.get(spec.name());
            RecordCiphertexts.Field value = record.fields().get(spec.name());
            if (spec instanceof FieldSpec.Categorical) {
                List<Ciphertext> cells = ((RecordCiphertexts.Field.Categorical) value).cells();
                List<Ciphertext> acc = ((AggregateValue.Histogram) current).cells();
                List<Ciphertext> out = new ArrayList<>(acc.size());
                for (int k = 0; k < acc.size(); k++) {
                    out.add(apply(acc.get(k), cells.get(k), subtract));
                }
                next.put(spec.name(), new AggregateValue.Histogram(out));
                if (countDelta == null) {
                    countDelta = cells.stream().reduce(Ciphertext.zero(group), Ciphertext::add);
                }
            } else if (spec instanceof FieldSpec.Integer i) {
                RecordCiphertexts.Field.Integer iv = (RecordCiphertexts.Field.Integer) value;
                AggregateValue.Sum acc = (AggregateValue.Sum) current;
                Ciphertext sum = apply(acc.sum(), RangeProof.valueCiphertext(group, iv.bits(), i.bound()), subtract);
                Ciphertext squares = i.squares()
                        ? apply(acc.sumOfSquares(), iv.square(), subtract)
                        : null;
                next.put(spec.name(), new AggregateValue.Sum(sum, squares));
            }
        }
        return new CohortAggregate(cohort, schemaVersion, apply(count, countDelta, subtract), next, position,
                records + (subtract ? -1 : 1)).normalized();
    }

    private static Ciphertext apply(Ciphertext acc, Ciphertext delta, boolean subtract) {
        return subtract ? acc.subtract(delta) : acc.add(delta);
    }

    /**
     * The same aggregate with every ciphertext in affine form: the published form is canonical and equal
     * aggregates compare equal as bytes. One field inversion for all of them.
     */
    public CohortAggregate normalized() {
        List<Ciphertext> flat = new ArrayList<>();
        flat.add(count);
        for (AggregateValue v : fields.values()) {
            if (v instanceof AggregateValue.Histogram h) {
                flat.addAll(h.cells());
            } else if (v instanceof AggregateValue.Sum s) {
                flat.add(s.sum());
                if (s.sumOfSquares() != null) {
                    flat.add(s.sumOfSquares());
                }
            }
        }
        Iterator<Ciphertext> normalized = Ciphertext.normalizeAll(flat).iterator();
        Ciphertext normalizedCount = normalized.next();
        Map<String, AggregateValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AggregateValue> e : fields.entrySet()) {
            if (e.getValue() instanceof AggregateValue.Histogram h) {
                List<Ciphertext> cells = new ArrayList<>(h.cells().size());
                for (int k = 0; k < h.cells().size(); k++) {
                    cells.add(normalized.next());
                }
                out.put(e.getKey(), new AggregateValue.Histogram(cells));
            } else if (e.getValue() instanceof AggregateValue.Sum s) {
                Ciphertext sum = normalized.next();
                out.put(e.getKey(), new AggregateValue.Sum(sum, s.sumOfSquares() == null ? null : normalized.next()));
            }
        }
        return new CohortAggregate(cohort, schemaVersion, normalizedCount, out, position, records);
    }

}

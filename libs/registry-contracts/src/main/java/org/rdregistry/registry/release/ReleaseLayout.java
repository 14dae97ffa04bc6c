package org.rdregistry.registry.release;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.registry.aggregate.AggregateValue;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * The fixed order of the ciphertexts a release decrypts, derived from the schema, so that trustees,
 * stats-service and the verifier agree on what slot j is without sending names around.
 */
public final class ReleaseLayout {

    private final RegistrySchema schema;
    private final List<Slot> slots;
    private final Map<String, Integer> index;

    private ReleaseLayout(RegistrySchema schema, List<Slot> slots) {
        this.schema = schema;
        this.slots = Collections.unmodifiableList(slots);
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (int j = 0; j < slots.size(); j++) {
            idx.put(slots.get(j).name(), j);
        }
        this.index = Collections.unmodifiableMap(idx);
    }

    public static ReleaseLayout of(RegistrySchema schema) {
        List<Slot> slots = new ArrayList<>();
        slots.add(new Slot("count", Slot.Kind.COUNT, null, null, 1));
        for (FieldSpec spec : schema.fields()) {
            if (spec instanceof FieldSpec.Categorical c) {
                for (String category : c.categories()) {
                    slots.add(new Slot(c.name() + "[" + category + "]", Slot.Kind.CELL, c.name(), category, 1));
                }
            } else if (spec instanceof FieldSpec.Integer i) {
                long range = Math.max(1, i.max() - i.min());
                slots.add(new Slot(i.name() + ".sum", Slot.Kind.SUM, i.name(), null, range));
                if (i.squares()) {
                    slots.add(new Slot(i.name() + ".sumOfSquares", Slot.Kind.SUM_OF_SQUARES, i.name(), null,
                            Math.multiplyExact(range, range)));
                }
            }
        }
        return new ReleaseLayout(schema, slots);
    }

    public RegistrySchema schema() {
        return schema;
    }

    public List<Slot> slots() {
        return slots;
    }

    public int size() {
        return slots.size();
    }

    public Optional<Integer> indexOf(String slotName) {
        return Optional.ofNullable(index.get(slotName));
    }

    /** The aggregate's ciphertexts in slot order. */
    public List<Ciphertext> ciphertexts(CohortAggregate aggregate) {
        if (!schema.version().equals(aggregate.schemaVersion())) {
            throw new IllegalArgumentException("aggregate of schema " + aggregate.schemaVersion()
                    + " does not fit layout of schema " + schema.version());
        }
        List<Ciphertext> out = new ArrayList<>(slots.size());
        out.add(aggregate.count());
        for (FieldSpec spec : schema.fields()) {
            AggregateValue value = aggregate.fields().get(spec.name());
            if (spec instanceof FieldSpec.Categorical) {
                out.addAll(((AggregateValue.Histogram) value).cells());
            } else if (spec instanceof FieldSpec.Integer i) {
                AggregateValue.Sum sum = (AggregateValue.Sum) value;
                out.add(sum.sum());
                if (i.squares()) {
                    out.add(sum.sumOfSquares());
                }
            }
        }
        return out;
    }
}

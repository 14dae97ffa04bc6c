package org.rdregistry.demo.load;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * What every cohort's aggregate must decrypt to, computed from the plaintext records: one value per
 * <em>item</em>, where an item is {@value #COUNT}, {@code field=label} (a histogram cell),
 * {@code field.sum} or {@code field.sumOfSquares} (of v - min, as encrypted).
 */
public record Truth(Map<String, Map<String, Long>> cohorts) {

    public static final String COUNT = "count";

    public Truth {
        cohorts = Collections.unmodifiableMap(new TreeMap<>(cohorts));
    }

    public static String cell(String field, String label) {
        return field + "=" + label;
    }

    public static String sum(String field) {
        return field + ".sum";
    }

    public static String sumOfSquares(String field) {
        return field + ".sumOfSquares";
    }

    /** The truth of a set of records (each counted once, as intake and the aggregator must). */
    public static Truth of(RegistrySchema schema, Collection<PlaintextRecord> records) {
        Map<String, Map<String, Long>> cohorts = new TreeMap<>();
        for (PlaintextRecord r : records) {
            Map<String, Long> items = cohorts.computeIfAbsent(r.cohort(), c -> empty(schema));
            items.merge(COUNT, 1L, Long::sum);
            for (FieldSpec spec : schema.fields()) {
                Object v = r.values().get(spec.name());
                if (spec instanceof FieldSpec.Categorical c) {
                    items.merge(cell(c.name(), (String) v), 1L, Long::sum);
                } else if (spec instanceof FieldSpec.Integer i) {
                    long shifted = ((Number) v).longValue() - i.min();
                    items.merge(sum(i.name()), shifted, Long::sum);
                    if (i.squares()) {
                        items.merge(sumOfSquares(i.name()), shifted * shifted, Long::sum);
                    }
                }
            }
        }
        return new Truth(cohorts);
    }

    /** Every item of the schema at zero, count first, in schema order. */
    static Map<String, Long> empty(RegistrySchema schema) {
        Map<String, Long> items = new LinkedHashMap<>();
        items.put(COUNT, 0L);
        for (FieldSpec spec : schema.fields()) {
            if (spec instanceof FieldSpec.Categorical c) {
                c.categories().forEach(label -> items.put(cell(c.name(), label), 0L));
            } else if (spec instanceof FieldSpec.Integer i) {
                items.put(sum(i.name()), 0L);
                if (i.squares()) {
                    items.put(sumOfSquares(i.name()), 0L);
                }
            }
        }
        return items;
    }

    public long count(String cohort) {
        Map<String, Long> items = cohorts.get(cohort);
        return items == null ? 0 : items.get(COUNT);
    }
}

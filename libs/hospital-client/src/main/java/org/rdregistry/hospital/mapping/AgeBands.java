package org.rdregistry.hospital.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.SchemaException;

/**
 * Bands of completed years read from the schema's category labels ("0-1", "2-5", ..., "65+"), so a
 * registry that changes its bands in the schema file needs no code change.
 */
final class AgeBands {

    private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)");
    private static final Pattern OPEN = Pattern.compile("(\\d+)\\+");

    private record Band(String label, int from, int to) {
    }

    private final List<Band> bands = new ArrayList<>();

    AgeBands(FieldSpec.Categorical field) {
        int expectedFrom = 0;
        for (String label : field.categories()) {
            Matcher r = RANGE.matcher(label);
            Matcher o = OPEN.matcher(label);
            Band b;
            if (r.matches()) {
                b = new Band(label, Integer.parseInt(r.group(1)), Integer.parseInt(r.group(2)));
            } else if (o.matches()) {
                b = new Band(label, Integer.parseInt(o.group(1)), Integer.MAX_VALUE);
            } else {
                throw new SchemaException("field " + field.name() + ": category '" + label + "' is not a band like 2-5 or 65+");
            }
            if (b.from() != expectedFrom || b.to() < b.from()) {
                throw new SchemaException("field " + field.name() + ": bands must be contiguous from 0");
            }
            bands.add(b);
            expectedFrom = b.to() == Integer.MAX_VALUE ? -1 : b.to() + 1;
        }
        if (expectedFrom != -1) {
            throw new SchemaException("field " + field.name() + ": the last band must be open, like 65+");
        }
    }

    String bandOf(int years) {
        for (Band b : bands) {
            if (years >= b.from() && years <= b.to()) {
                return b.label();
            }
        }
        throw new IllegalArgumentException("negative age");
    }
}

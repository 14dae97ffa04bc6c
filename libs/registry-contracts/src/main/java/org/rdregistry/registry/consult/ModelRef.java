package org.rdregistry.registry.consult;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A published scoring model's identity, written {@code <id>@<version>} (for example
 * {@code cha2ds2-vasc@1}). A published version never changes: a corrected model is a new version.
 */
public record ModelRef(String id, int version) implements Comparable<ModelRef> {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern TEXT = Pattern.compile("([a-z0-9][a-z0-9-]{0,62})@([1-9][0-9]{0,5})");

    public ModelRef {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("model id must be lower-case letters, digits and '-', at most 63: " + id);
        }
        if (version < 1 || version > 999_999) {
            throw new IllegalArgumentException("model version must be 1..999999");
        }
    }

    @JsonCreator
    public static ModelRef parse(String text) {
        Matcher m = TEXT.matcher(Objects.requireNonNull(text, "model reference"));
        if (!m.matches()) {
            throw new IllegalArgumentException("model reference must look like 'cha2ds2-vasc@1': " + text);
        }
        return new ModelRef(m.group(1), Integer.parseInt(m.group(2)));
    }

    @JsonValue
    @Override
    public String toString() {
        return id + "@" + version;
    }

    @Override
    public int compareTo(ModelRef o) {
        int c = id.compareTo(o.id);
        return c != 0 ? c : Integer.compare(version, o.version);
    }
}

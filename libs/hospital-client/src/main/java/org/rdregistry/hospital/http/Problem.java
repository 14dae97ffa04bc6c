package org.rdregistry.hospital.http;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An RFC 9457 problem as intake sends it, with per-field errors. */
public record Problem(String type, String title, Integer status, String detail, String instance,
                      List<FieldError> errors) {

    private static final Pattern RECORD_INDEX = Pattern.compile("^records\\[(\\d+)\\](?:\\.(.*))?$");

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One error: the field (for a batch {@code records[i].<field>}) and why. */
    public record FieldError(String field, String reason) {

        /** The batch index named by {@code records[i]...}, if any. */
        public Optional<Integer> recordIndex() {
            Matcher m = field == null ? null : RECORD_INDEX.matcher(field);
            return m != null && m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        }

        /** The field within the record ({@code sex} of {@code records[3].sex}), or the whole name. */
        public String recordField() {
            Matcher m = field == null ? null : RECORD_INDEX.matcher(field);
            return m != null && m.matches() ? m.group(2) : field;
        }
    }

    /** "title: detail (field: reason; ...)" with at most five errors listed. */
    public String summary() {
        StringBuilder s = new StringBuilder(title == null ? "error" : title);
        if (detail != null && !detail.isBlank() && !detail.equals(title)) {
            s.append(": ").append(detail);
        }
        if (!errors.isEmpty()) {
            s.append(" (");
            for (int i = 0; i < Math.min(5, errors.size()); i++) {
                FieldError e = errors.get(i);
                s.append(i > 0 ? "; " : "").append(e.field()).append(": ").append(e.reason());
            }
            if (errors.size() > 5) {
                s.append("; and ").append(errors.size() - 5).append(" more");
            }
            s.append(')');
        }
        return s.toString();
    }
}

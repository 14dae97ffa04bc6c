package org.rdregistry.hospital.mapping;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The header row: which column is where. Missing, unknown or repeated columns are a layout error. */
public final class Header {

    private final Map<Column, Integer> index;
    private final int width;

    private Header(Map<Column, Integer> index, int width) {
        this.index = index;
        this.width = width;
    }

    /**
     * @throws CsvLayoutException listing every missing, unknown or duplicate column. Unknown columns are
     *     refused rather than ignored: a misspelt {@code national_id} would silently change every pseudonym.
     */
    public static Header parse(List<String> names, Column.Purpose purpose) {
        Map<Column, Integer> index = new EnumMap<>(Column.class);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip().toLowerCase(Locale.ROOT);
            Optional<Column> c = Column.byHeader(name);
            if (c.isEmpty()) {
                problems.add("unknown column '" + printable(name) + "'");
            } else if (index.putIfAbsent(c.get(), i) != null) {
                problems.add("column '" + name + "' appears twice");
            }
        }
        for (Column c : Column.values()) {
            if (c.required(purpose) && !index.containsKey(c)) {
                problems.add("missing column '" + c.header() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new CsvLayoutException("header row: " + String.join(", ", problems));
        }
        return new Header(index, names.size());
    }

    private static String printable(String name) {
        String s = name.replaceAll("[^\\p{Alnum}_ -]", "?");
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    public int width() {
        return width;
    }

    public boolean has(Column c) {
        return index.containsKey(c);
    }

    /** The stripped value of a column in a row, or "" if the file has no such column. */
    public String value(List<String> fields, Column c) {
        Integer i = index.get(c);
        return i == null || i >= fields.size() ? "" : fields.get(i).strip();
    }
}

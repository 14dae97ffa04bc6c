package org.rdregistry.hospital.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small streaming CSV parser (RFC 4180 plus what spreadsheets write): fields separated by a
 * delimiter (comma, semicolon or tab), optionally quoted with {@code "}; a quote inside a quoted field
 * is doubled; quoted fields may hold delimiters and line breaks; lines end with CRLF, LF or CR; a
 * leading UTF-8 byte-order mark is skipped. A quote inside an unquoted field is kept literally.
 *
 * <p>Each record carries the physical line number it starts on (the header is line 1), which is what a
 * spreadsheet shows as the row number. A malformed record (text after a closing quote, a quoted field
 * that never ends) is returned as {@link Malformed} and parsing resumes on the next line, so one bad row
 * never hides the others.
 */
public final class CsvParser {

    /** One record of the file. */
    public sealed interface Result {
        int line();
    }

    /** A well-formed record. */
    public record Row(int line, List<String> fields) implements Result {
        public Row {
            fields = List.copyOf(fields);
        }

        public boolean blank() {
            return fields.stream().allMatch(String::isBlank);
        }

        @Override
        public String toString() {
            return "Row[line " + line + ", " + fields.size() + " fields]";
        }
    }

    /** A record that could not be parsed; the reason never quotes the content. */
    public record Malformed(int line, String reason) implements Result {
    }

    private static final int EOF = -1;

    private final Reader in;
    private final char delimiter;
    private int line = 1;
    private int peeked = -2;
    private boolean first = true;

    public CsvParser(Reader in, char delimiter) {
        this.in = in instanceof BufferedReader ? in : new BufferedReader(in);
        this.delimiter = delimiter;
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("invalid delimiter");
        }
    }

    /**
     * Chooses the delimiter from the header line: whichever of comma, semicolon and tab occurs most often
     * in it (comma if none does). European spreadsheet exports use semicolons.
     */
    public static char detectDelimiter(String headerLine) {
        char best = ',';
        long bestCount = 0;
        for (char c : new char[] {',', ';', '\t'}) {
            long n = headerLine.chars().filter(x -> x == c).count();
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        return best;
    }

    /** Parses everything that is left. */
    public List<Result> readAll() {
        List<Result> all = new ArrayList<>();
        for (Result r = next(); r != null; r = next()) {
            all.add(r);
        }
        return all;
    }

    /** The next record, or null at the end of the input. Empty lines are skipped. */
    public Result next() {
        while (true) {
            if (peek() == EOF) {
                return null;
            }
            Result r = record();
            if (r instanceof Row row && row.fields().size() == 1 && row.fields().get(0).isEmpty()) {
                continue;
            }
            return r;
        }
    }

    private Result record() {
        int start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean atFieldStart = true;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == EOF) {
                    return new Malformed(start, "quoted field not closed before the end of the file");
                }
                if (c == '"') {
                    int n = peek();
                    if (n == '"') {
                        read();
                        field.append('"');
                        continue;
                    }
                    while (n == ' ' || (n == '\t' && delimiter != '\t')) {
                        read();
                        n = peek();
                    }
                    if (n == delimiter) {
                        read();
                        fields.add(field.toString());
                        field.setLength(0);
                        quoted = false;
                        atFieldStart = true;
                    } else if (n == '\r' || n == '\n' || n == EOF) {
                        endOfLine();
                        fields.add(field.toString());
                        return new Row(start, fields);
                    } else {
                        skipRestOfLine();
                        return new Malformed(start, "text after a closing quote (a quote inside a quoted field must be doubled)");
                    }
                } else {
                    if (c == '\n' || c == '\r') {
                        field.append(lineBreak(c));
                    } else {
                        field.append((char) c);
                    }
                }
                continue;
            }
            if (c == EOF || c == '\r' || c == '\n') {
                if (c != EOF) {
                    lineBreak(c);
                }
                fields.add(field.toString());
                return new Row(start, fields);
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
            } else if (c == '"' && atFieldStart && field.toString().isBlank()) {
                // spaces before an opening quote are tolerated and dropped
                field.setLength(0);
                quoted = true;
                atFieldStart = false;
            } else {
                field.append((char) c);
                if (c != ' ' && c != '\t') {
                    atFieldStart = false;
                }
            }
        }
    }

    /** Consumes the line break that starts with {@code c}, counts it, and returns it as read. */
    private String lineBreak(int c) {
        line++;
        if (c == '\r' && peek() == '\n') {
            read();
            return "\r\n";
        }
        return String.valueOf((char) c);
    }

    private void endOfLine() {
        int c = read();
        if (c == '\r' || c == '\n') {
            lineBreak(c);
        }
    }

    private void skipRestOfLine() {
        while (true) {
            int c = read();
            if (c == EOF) {
                return;
            }
            if (c == '\r' || c == '\n') {
                lineBreak(c);
                return;
            }
        }
    }

    private int peek() {
        if (peeked == -2) {
            peeked = rawRead();
        }
        return peeked;
    }

    private int read() {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return rawRead();
    }

    private int rawRead() {
        try {
            int c = in.read();
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    c = in.read();
                }
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

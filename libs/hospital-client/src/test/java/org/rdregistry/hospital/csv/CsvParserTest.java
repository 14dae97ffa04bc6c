package org.rdregistry.hospital.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvParserTest {

    static List<CsvParser.Result> parse(String text) {
        return new CsvParser(new StringReader(text), ',').readAll();
    }

    static CsvParser.Row row(int line, String... fields) {
        return new CsvParser.Row(line, List.of(fields));
    }

    @Test
    void plainQuotedAndEscapedFields() {
        assertThat(parse("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n,,\n")).containsExactly(
                row(1, "a", "b", "c"), row(2, "1", "x, y", "say \"hi\""), row(3, "", "", ""));
    }

    @Test
    void crlfBomAndMissingFinalNewline() {
        assertThat(parse("\uFEFFa,b\r\n1,2\r\n3,4")).containsExactly(row(1, "a", "b"), row(2, "1", "2"), row(3, "3", "4"));
        assertThat(parse("a,b\r1,2\r")).containsExactly(row(1, "a", "b"), row(2, "1", "2"));
    }

    @Test
    void lineBreaksInsideQuotesAreKeptAndRowsStartOnTheRightLine() {
        assertThat(parse("a,b\n\"multi\r\nline\",2\n3,\"x\ny\nz\"\n5,6\n")).containsExactly(
                row(1, "a", "b"), row(2, "multi\r\nline", "2"), row(4, "3", "x\ny\nz"), row(7, "5", "6"));
    }

    @Test
    void emptyLinesAreSkippedButCounted() {
        assertThat(parse("a\n\n\nb\r\n\r\nc")).containsExactly(row(1, "a"), row(4, "b"), row(6, "c"));
        assertThat(parse("")).isEmpty();
    }

    @Test
    void spacesAroundQuotedFieldsAreTolerated() {
        assertThat(parse("a, \"b,c\" ,d\n")).containsExactly(row(1, "a", "b,c", "d"));
        // a quote inside an unquoted field is literal
        assertThat(parse("5'11\",x\n")).containsExactly(row(1, "5'11\"", "x"));
    }

    @Test
    void malformedRowsAreReportedWithTheirLineAndParsingResumes() {
        List<CsvParser.Result> r = parse("a,b\n\"bad\"x,2\n3,4\n\"never closed,5\n6,7\n");
        assertThat(r).hasSize(4);
        assertThat(r.get(0)).isEqualTo(row(1, "a", "b"));
        assertThat(r.get(1)).isInstanceOf(CsvParser.Malformed.class).extracting(CsvParser.Result::line).isEqualTo(2);
        assertThat(((CsvParser.Malformed) r.get(1)).reason()).contains("closing quote").doesNotContain("bad");
        assertThat(r.get(2)).isEqualTo(row(3, "3", "4"));
        // an unclosed quote swallows the rest of the file: reported once, at the line it started on
        assertThat(r.get(3)).isEqualTo(new CsvParser.Malformed(4, "quoted field not closed before the end of the file"));
    }

    @Test
    void semicolonAndTabFilesAreDetectedFromTheHeader() {
        assertThat(CsvParser.detectDelimiter("family_name;given_name;sex")).isEqualTo(';');
        assertThat(CsvParser.detectDelimiter("family_name\tgiven_name")).isEqualTo('\t');
        assertThat(CsvParser.detectDelimiter("family_name,given_name")).isEqualTo(',');
        assertThat(CsvParser.detectDelimiter("single")).isEqualTo(',');
        assertThat(new CsvParser(new StringReader("a;\"b;c\";d\n1;2,5;3\n"), ';').readAll())
                .containsExactly(row(1, "a", "b;c", "d"), row(2, "1", "2,5", "3"));
        assertThat(new CsvParser(new StringReader("a\t \"b\" \tc\n"), '\t').readAll())
                .containsExactly(row(1, "a", "b", "c"));
    }
}

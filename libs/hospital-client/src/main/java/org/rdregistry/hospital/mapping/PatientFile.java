package org.rdregistry.hospital.mapping;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.hospital.csv.CsvParser;

/**
 * A patient CSV file opened for reading: text decoded strictly (a file in another encoding is refused,
 * not garbled into different pseudonyms), delimiter detected from the header, header checked.
 */
public final class PatientFile implements Closeable {

    private final BufferedReader reader;
    private final CsvParser parser;
    private final Header header;
    private final Charset charset;

    private PatientFile(BufferedReader reader, Charset charset, Column.Purpose purpose) throws IOException {
        this.reader = reader;
        this.charset = charset;
        reader.mark(1 << 20);
        String first = reader.readLine();
        if (first == null) {
            throw new CsvLayoutException("the file is empty (expected a header row)");
        }
        reader.reset();
        this.parser = new CsvParser(reader, CsvParser.detectDelimiter(first));
        CsvParser.Result h = readNext();
        if (!(h instanceof CsvParser.Row row)) {
            throw new CsvLayoutException("the header row cannot be parsed");
        }
        this.header = Header.parse(row.fields(), purpose);
    }

    /**
     * @throws CsvLayoutException if the file is empty, not in the given encoding, or its header is not the layout
     */
    public static PatientFile open(Path file, Charset charset, Column.Purpose purpose) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
        try {
            return new PatientFile(reader, charset, purpose);
        } catch (CharacterCodingException e) {
            reader.close();
            throw notDecodable(charset, 1);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    public Header header() {
        return header;
    }

    /** The next non-blank record, or null at the end. */
    public CsvParser.Result next() {
        while (true) {
            CsvParser.Result r = readNext();
            if (r == null || !(r instanceof CsvParser.Row row) || !row.blank()) {
                return r;
            }
        }
    }

    private CsvParser.Result readNext() {
        try {
            return parser.next();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notDecodable(charset, parser.currentLine());
            }
            throw e;
        }
    }

    private static CsvLayoutException notDecodable(Charset charset, int line) {
        return new CsvLayoutException("the file is not valid " + charset.name() + " text"
                + (line > 0 ? " (line " + line + ")" : "") + "; save it as UTF-8 or give its encoding");
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}

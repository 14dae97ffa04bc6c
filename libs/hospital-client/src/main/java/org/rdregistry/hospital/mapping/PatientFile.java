package org.rdregistry.hospital.mapping;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.hospital.csv.CsvParser;

/**
 * A patient CSV file opened for reading: text decoded strictly (a file in another encoding is refused
 * with the line of the first bad byte, not garbled into different pseudonyms), delimiter detected from
 * the header, header checked. The file is decoded whole (patient lists are megabytes, not gigabytes).
 */
public final class PatientFile implements AutoCloseable {

    /** Largest file read: 512 MiB. */
    public static final long MAX_BYTES = 512L << 20;

    private final CsvParser parser;
    private final Header header;

    private PatientFile(String text, Column.Purpose purpose) {
        int end = text.indexOf('\n');
        this.parser = new CsvParser(new StringReader(text), CsvParser.detectDelimiter(end < 0 ? text : text.substring(0, end)));
        CsvParser.Result h = parser.next();
        if (h == null) {
            throw new CsvLayoutException("the file is empty (expected a header row)");
        }
        if (!(h instanceof CsvParser.Row row)) {
            throw new CsvLayoutException("the header row cannot be parsed");
        }
        this.header = Header.parse(row.fields(), purpose);
    }

    /**
     * @throws CsvLayoutException if the file is empty, too large, not in the given encoding, or its header
     *     is not the layout
     */
    public static PatientFile open(Path file, Charset charset, Column.Purpose purpose) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new CsvLayoutException("the file is larger than " + (MAX_BYTES >> 20) + " MiB; split it");
        }
        return new PatientFile(decode(Files.readAllBytes(file), charset), purpose);
    }

    static String decode(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                (long) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 16));
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new CsvLayoutException("the file is not valid " + charset.name() + " text (line " + line
                    + "); save it as UTF-8 or give its encoding");
        }
        return out.flip().toString();
    }

    public Header header() {
        return header;
    }

    /** The next non-blank record, or null at the end. */
    public CsvParser.Result next() {
        while (true) {
            CsvParser.Result r = parser.next();
            if (r == null || !(r instanceof CsvParser.Row row) || !row.blank()) {
                return r;
            }
        }
    }

    @Override
    public void close() {
        // nothing held open: the file was read whole
    }
}

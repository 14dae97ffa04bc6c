package org.rdregistry.hospital.mapping;

/** The file as a whole cannot be read as the documented layout (header row, encoding). */
public class CsvLayoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CsvLayoutException(String message) {
        super(message);
    }
}

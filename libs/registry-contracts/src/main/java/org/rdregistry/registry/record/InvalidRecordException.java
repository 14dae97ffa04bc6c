package org.rdregistry.registry.record;

/** A record (plaintext or submitted) does not fit the schema; names the field, never the value. */
public class InvalidRecordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String reason;

    public InvalidRecordException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}

package org.rdregistry.hospital.consult;

/**
 * An expected failure on the client's side of a consultation: something does not decrypt or open with
 * the key given, a score lies outside its model's range, an input file is wrong, or a wait timed out.
 * The message is one line for the user and never holds a secret or a decrypted value.
 */
public class ConsultationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why: lets a command line map a failure to its exit code. */
    public enum Kind {
        /** input or state that cannot work (wrong key, bad file) */
        INVALID,
        /** not available yet: scores not switched, no opinion yet, expert view not ready */
        NOT_READY
    }

    private final Kind kind;

    public ConsultationException(String message) {
        this(Kind.INVALID, message, null);
    }

    public ConsultationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

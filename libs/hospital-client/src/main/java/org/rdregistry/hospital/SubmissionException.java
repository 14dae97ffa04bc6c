package org.rdregistry.hospital;

/** A submission or erasure cannot proceed at all (wrong registry key, unsupported schema, ...). */
public class SubmissionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SubmissionException(String message) {
        super(message);
    }

    public SubmissionException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.rdregistry.trustee;

/**
 * An expected failure of a trustee operation (wrong passphrase, malformed file, failed ceremony). The
 * message is one line meant for the trustee and never contains a secret.
 */
public class TrusteeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrusteeException(String message) {
        super(message);
    }

    public TrusteeException(String message, Throwable cause) {
        super(message, cause);
    }
}

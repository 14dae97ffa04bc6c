package org.rdregistry.crypto.proof;

/** A verification failed; {@link #result()} names the spec check. */
public class VerificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient VerificationResult result;

    public VerificationException(VerificationResult result) {
        super("verification failed: check " + result.check() + ": " + result.reason());
        this.result = result;
    }

    public VerificationResult result() {
        return result;
    }
}

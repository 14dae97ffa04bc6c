package org.rdregistry.hospital.http;

import java.util.Optional;

/**
 * A request to the registry failed: an HTTP error status (with the parsed problem, if the server sent
 * one) or, with status 0, a connection error after all retries.
 */
public class RegistryHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Problem problem;
    private final int attempts;

    public RegistryHttpException(String message, int status, Problem problem, int attempts, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.problem = problem;
        this.attempts = attempts;
    }

    /** The HTTP status, or 0 if no answer was received. */
    public int status() {
        return status;
    }

    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    public int attempts() {
        return attempts;
    }

    /** No answer, or the registry stayed unavailable through all retries. */
    public boolean unavailable() {
        return status == 0 || RetryPolicy.retryable(status);
    }

    /** The token was missing, invalid or not a hospital's. */
    public boolean unauthorised() {
        return status == 401 || status == 403;
    }
}

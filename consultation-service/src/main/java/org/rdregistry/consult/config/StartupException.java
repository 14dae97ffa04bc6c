package org.rdregistry.consult.config;

/** A configuration error that stops the service at start-up with one clear message. */
public class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message, null, false, false);
    }
}

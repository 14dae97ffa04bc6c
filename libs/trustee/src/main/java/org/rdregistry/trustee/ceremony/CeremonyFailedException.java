package org.rdregistry.trustee.ceremony;

import org.rdregistry.trustee.TrusteeException;

/** The ceremony did not produce a key for this trustee; nothing was written. The message says why. */
public final class CeremonyFailedException extends TrusteeException {
    private static final long serialVersionUID = 1L;

    public CeremonyFailedException(String message) {
        super(message);
    }

    public CeremonyFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

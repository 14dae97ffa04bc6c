package org.rdregistry.compute.trustee;

/** The trustee's key share cannot be loaded or does not fit its configuration; the trustee cannot start. */
public class TrusteeShareException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrusteeShareException(String message, Throwable cause) {
        super(message, cause);
    }
}

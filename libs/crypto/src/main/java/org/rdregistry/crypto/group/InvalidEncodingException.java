package org.rdregistry.crypto.group;

/** A point, scalar or serialized value that does not decode to a valid value. Carries no secret data. */
public class InvalidEncodingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidEncodingException(String message) {
        super(message);
    }
}

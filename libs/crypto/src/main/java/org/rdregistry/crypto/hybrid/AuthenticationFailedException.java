package org.rdregistry.crypto.hybrid;

/** An AEAD ciphertext did not authenticate: wrong key, tampered bytes or other associated data. */
public class AuthenticationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        super(message);
    }
}

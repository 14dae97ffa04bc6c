package org.rdregistry.crypto.elgamal;

/** The decrypted group element is not mG for any m in the decodable range (spec check E.1). */
public class PlaintextOutOfRangeException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public PlaintextOutOfRangeException(String message) {
        super(message);
    }
}

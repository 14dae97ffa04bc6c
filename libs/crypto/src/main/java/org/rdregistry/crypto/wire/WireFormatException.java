package org.rdregistry.crypto.wire;

import org.rdregistry.crypto.group.InvalidEncodingException;

/**
 * The single exception type of the wire layer (spec §8.6): a binary or JSON message that is truncated,
 * oversized, of an unknown version, type or curve, or that holds an invalid point, scalar or value; and,
 * on the encoding side, a value that cannot be represented within the format's limits.
 *
 * <p>The message names the numbered spec check ({@link #check()}, for example {@code W.8}) and the
 * field path (for example {@code ciphertext-list.ciphertexts[3].alpha}) so that a problem response can
 * say exactly what was wrong. Messages never contain secret data: wire values are public by design
 * (secret-holding types have no codec).
 */
public class WireFormatException extends InvalidEncodingException {
    private static final long serialVersionUID = 1L;

    private final String check;

    public WireFormatException(String check, String message) {
        super(check + ": " + message);
        this.check = check;
    }

    WireFormatException(String check, String message, Throwable cause) {
        this(check, message);
        initCause(cause);
    }

    /** The number of the spec check that failed, for example {@code "W.10"}. */
    public String check() {
        return check;
    }
}

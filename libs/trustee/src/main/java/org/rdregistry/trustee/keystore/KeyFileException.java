package org.rdregistry.trustee.keystore;

import org.rdregistry.trustee.TrusteeException;

/**
 * An encrypted key file cannot be opened: wrong passphrase, or the file was changed or damaged. The two
 * cannot be told apart (AES-GCM authenticates the whole file under the passphrase-derived key), and
 * nothing of the file's content is ever returned in that case.
 */
public final class KeyFileException extends TrusteeException {
    private static final long serialVersionUID = 1L;

    public KeyFileException(String message) {
        super(message);
    }
}

package org.rdregistry.crypto.keyceremony;

import org.rdregistry.crypto.proof.VerificationResult;

/** The key ceremony cannot produce a key (for example fewer than t qualified dealers); names the spec check. */
public class KeyCeremonyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient VerificationResult result;

    public KeyCeremonyException(String check, String reason) {
        super("key ceremony failed: check " + check + ": " + reason);
        this.result = VerificationResult.fail(check, reason);
    }

    public VerificationResult result() {
        return result;
    }

    public String check() {
        return result.check();
    }
}

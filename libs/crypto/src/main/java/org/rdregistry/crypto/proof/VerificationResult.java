package org.rdregistry.crypto.proof;

import java.util.Objects;

/**
 * Outcome of a verification: valid, or the number of the spec check that failed (for example
 * "P1.3") and a reason without secret data. Verifiers report which check failed, not just false.
 */
public record VerificationResult(boolean valid, String check, String reason) {

    private static final VerificationResult OK = new VerificationResult(true, null, null);

    public static VerificationResult ok() {
        return OK;
    }

    public static VerificationResult fail(String check, String reason) {
        return new VerificationResult(false, Objects.requireNonNull(check), Objects.requireNonNull(reason));
    }

    /** This result if it failed, otherwise the next one (evaluated lazily by the caller). */
    public VerificationResult and(java.util.function.Supplier<VerificationResult> next) {
        return valid ? next.get() : this;
    }

    /** Throws {@link VerificationException} carrying the failed check unless valid. */
    public void orThrow() {
        if (!valid) {
            throw new VerificationException(this);
        }
    }

    @Override
    public String toString() {
        return valid ? "valid" : "invalid (check " + check + ": " + reason + ")";
    }
}

package org.rdregistry.crypto.decrypt;

import java.util.Objects;

/** A share that failed verification: the trustee index it claims, the failed spec check and why. */
public record InvalidShare(int trusteeIndex, String check, String reason) {

    public InvalidShare {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "trustee " + trusteeIndex + " (check " + check + ": " + reason + ")";
    }
}

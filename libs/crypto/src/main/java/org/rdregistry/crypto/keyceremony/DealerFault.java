package org.rdregistry.crypto.keyceremony;

import java.util.Objects;

/** Why a trustee was excluded from QUAL as a dealer (spec check K.9): the failed check and a reason. */
public record DealerFault(int dealerIndex, String check, String reason) {

    public DealerFault {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reason, "reason");
    }
}

package org.rdregistry.hospital.consult;

import java.time.Instant;
import java.util.Objects;

/** The answer to a successful claim: the lease id (quoted when answering) and when the lease expires. */
public record Lease(String leaseId, Instant until) {

    public Lease {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(until, "until");
    }
}

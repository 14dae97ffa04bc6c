package org.rdregistry.registry.consult;

import java.time.Instant;
import java.util.Objects;

/**
 * On {@code consult.purged.v1} (key = consultation id): the consultation was purged. Holds no data
 * (the id is random), so it can outlive the purge: services and trustees refuse the id for ever, and
 * an id can never be reused.
 */
public record PurgeMarker(String consultationId, Instant purgedAt, Reason reason) {
    public PurgeMarker {
        Objects.requireNonNull(consultationId, "consultationId");
        Objects.requireNonNull(purgedAt, "purgedAt");
        Objects.requireNonNull(reason, "reason");
    }

    public enum Reason {
        ACKNOWLEDGED, WITHDRAWN, EXPIRED,
        /** its stored state could not be read any more (written by an incompatible older version) */
        DISCARDED
    }
}

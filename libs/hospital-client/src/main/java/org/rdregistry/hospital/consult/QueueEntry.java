package org.rdregistry.hospital.consult;

import java.time.Instant;
import java.util.List;

import org.rdregistry.registry.consult.ModelRef;

/** One case of {@code GET /api/v1/queue?specialty=}: all any expert of the specialty learns before a claim. */
public record QueueEntry(String consultationId, String specialty, List<ModelRef> models, Instant submittedAt) {

    public QueueEntry {
        models = models == null ? List.of() : List.copyOf(models);
    }
}

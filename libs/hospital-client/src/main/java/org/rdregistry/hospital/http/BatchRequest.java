package org.rdregistry.hospital.http;

import java.util.List;

import org.rdregistry.registry.events.RecordSubmission;

/** Body of {@code POST /api/v1/records/batch}. */
public record BatchRequest(List<RecordSubmission> records) {
    public BatchRequest {
        records = List.copyOf(records);
    }
}

package org.rdregistry.hospital.http;

import java.util.List;

/** Body of a 202 answer to {@code POST /api/v1/records/batch}. */
public record BatchResponse(List<RecordResult> results) {
    public BatchResponse {
        results = results == null ? List.of() : List.copyOf(results);
    }
}

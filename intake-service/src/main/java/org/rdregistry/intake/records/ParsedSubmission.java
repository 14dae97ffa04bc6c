package org.rdregistry.intake.records;

import org.rdregistry.registry.events.RecordSubmission;

/**
 * A submission as decoded, in canonical form (fields in name order), with the hex SHA-256 of its
 * canonical JSON: the identity used for idempotency, independent of the client's formatting.
 */
public record ParsedSubmission(RecordSubmission submission, String bodySha256) {
}

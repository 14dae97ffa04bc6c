package org.rdregistry.intake.records;

import org.rdregistry.registry.events.RecordSubmission;

/**
 * A submission as decoded, in canonical form (fields in name order). Idempotency is decided on its
 * record id, key and content digest (see {@code RecordIntake}), not on its bytes.
 */
public record ParsedSubmission(RecordSubmission submission) {
}

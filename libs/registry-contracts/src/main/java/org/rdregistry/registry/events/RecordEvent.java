package org.rdregistry.registry.events;

import java.util.Objects;

/**
 * The value of a records-topic entry: the submission as accepted by intake, the submitting hospital
 * (taken from its token, never from the body) and the acceptance time. A GDPR erasure is a tombstone
 * (null value) on the same key instead.
 */
public record RecordEvent(String hospitalId, long acceptedAtMillis, RecordSubmission submission) {

    public RecordEvent {
        Objects.requireNonNull(hospitalId, "hospitalId");
        Objects.requireNonNull(submission, "submission");
    }
}

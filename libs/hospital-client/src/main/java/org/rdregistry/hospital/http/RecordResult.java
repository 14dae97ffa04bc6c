package org.rdregistry.hospital.http;

/** Intake's answer for one record: {@code accepted} or {@code duplicate}. */
public record RecordResult(String recordId, String status) {

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";

    public boolean accepted() {
        return ACCEPTED.equals(status);
    }

    public boolean duplicate() {
        return DUPLICATE.equals(status);
    }
}

package org.rdregistry.hospital.mapping;

import java.util.Objects;

import org.rdregistry.hospital.pseudonym.RecordIds;
import org.rdregistry.registry.record.PlaintextRecord;

/** A good row: the plaintext record ready to encrypt, with its keyed ids. Never printed with values. */
public record MappedRow(int rowNumber, PlaintextRecord record, RecordIds ids) {

    public MappedRow {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(ids, "ids");
    }

    @Override
    public String toString() {
        return "MappedRow[row " + rowNumber + ", " + record.cohort() + ", " + ids.recordId() + "]";
    }
}

package org.rdregistry.hospital.pseudonym;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The identifying data a pseudonym is computed from. Exists only in the hospital's memory;
 * {@link #toString()} never prints it.
 *
 * @param familyName family name(s) as recorded
 * @param givenName given name(s) as recorded
 * @param dateOfBirth date of birth
 * @param sex sex at birth as a schema label ({@code female}, {@code male}, {@code undetermined}, {@code unknown})
 * @param nationalId national identifier, or null/blank if the hospital does not use it
 */
public record Identifiers(String familyName, String givenName, LocalDate dateOfBirth, String sex, String nationalId) {

    public Identifiers {
        Objects.requireNonNull(familyName, "familyName");
        Objects.requireNonNull(givenName, "givenName");
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        Objects.requireNonNull(sex, "sex");
    }

    @Override
    public String toString() {
        return "Identifiers[<redacted>]";
    }
}

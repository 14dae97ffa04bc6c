package org.rdregistry.hospital.mapping;

import java.util.Arrays;
import java.util.Optional;

/**
 * The columns of the hospital CSV layout (header names are matched case-insensitively, in any order).
 * Identifier columns are used only to compute the pseudonym and never leave the hospital; dates are
 * used only to compute the age band.
 */
public enum Column {
    FAMILY_NAME("family_name", true, true),
    GIVEN_NAME("given_name", true, true),
    DATE_OF_BIRTH("date_of_birth", true, true),
    SEX("sex", true, true),
    NATIONAL_ID("national_id", false, false),
    ORPHA_CODE("orpha_code", true, true),
    VITAL_STATUS("vital_status", true, false),
    ONSET_BAND("onset_band", false, false),
    AGE_AT_ONSET_MONTHS("age_at_onset_months", true, false),
    AGE_AT_DIAGNOSIS_MONTHS("age_at_diagnosis_months", true, false),
    GENETIC_DIAGNOSIS("genetic_diagnosis", true, false),
    CONTACT_CONSENT("contact_consent", true, false),
    REUSE_CONSENT("reuse_consent", true, false),
    BIOSAMPLE("biosample", true, false),
    DISABILITY("disability", true, false),
    REGION("region", true, false),
    REGISTRATION_DATE("registration_date", false, false);

    private final String header;
    private final boolean requiredToSubmit;
    private final boolean requiredToErase;

    Column(String header, boolean requiredToSubmit, boolean requiredToErase) {
        this.header = header;
        this.requiredToSubmit = requiredToSubmit;
        this.requiredToErase = requiredToErase;
    }

    public String header() {
        return header;
    }

    public boolean required(Purpose purpose) {
        return purpose == Purpose.SUBMIT ? requiredToSubmit : requiredToErase;
    }

    public static Optional<Column> byHeader(String name) {
        return Arrays.stream(values()).filter(c -> c.header.equals(name)).findFirst();
    }

    /** What a file is read for: submission needs every data column, erasure only the identity. */
    public enum Purpose {
        SUBMIT, ERASE
    }
}

package org.rdregistry.demo.synthetic;

import java.time.LocalDate;
import java.util.List;

/**
 * One fake patient in one cohort, with the identifying data a hospital would hold (to exercise the
 * pseudonym rule) and the clinical values. {@code onsetBand} is what the CSV says: null means "leave
 * the column empty and let the client derive it"; {@link #effectiveOnsetBand()} is the value either way.
 * Not real people, but printed like real ones would be: {@link #toString()} shows no values.
 */
public record SyntheticPatient(String familyName, String givenName, LocalDate dateOfBirth, String sex, String cohort,
                               LocalDate registrationDate, String vitalStatus, String onsetBand, long onsetMonths,
                               long diagnosisMonths, String geneticDiagnosis, String contactConsent,
                               String reuseConsent, String biosample, String disability, String region) {

    /** The CSV header this class writes (the hospital client's layout, without the optional national_id). */
    public static final List<String> CSV_HEADER = List.of("family_name", "given_name", "date_of_birth", "sex",
            "orpha_code", "vital_status", "onset_band", "age_at_onset_months", "age_at_diagnosis_months",
            "genetic_diagnosis", "contact_consent", "reuse_consent", "biosample", "disability", "region",
            "registration_date");

    /** The row in {@link #CSV_HEADER} order. */
    public List<String> csvFields() {
        return List.of(familyName, givenName, dateOfBirth.toString(), sex, cohort, vitalStatus,
                onsetBand == null ? "" : onsetBand, Long.toString(onsetMonths), Long.toString(diagnosisMonths),
                geneticDiagnosis, contactConsent, reuseConsent, biosample, disability, region,
                registrationDate.toString());
    }

    /** The onset band given, or the one the hospital client derives from the onset age when none is given. */
    public String effectiveOnsetBand() {
        return onsetBand != null ? onsetBand : derivedOnsetBand(onsetMonths);
    }

    /** The hospital client's own rule, so that the generator and the client never disagree. */
    public static String derivedOnsetBand(long months) {
        return org.rdregistry.hospital.mapping.RowMapper.onsetBand(months);
    }

    @Override
    public String toString() {
        return "SyntheticPatient[" + cohort + "]";
    }
}

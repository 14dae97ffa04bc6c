package org.rdregistry.hospital.mapping;

import static org.rdregistry.hospital.mapping.Column.AGE_AT_DIAGNOSIS_MONTHS;
import static org.rdregistry.hospital.mapping.Column.AGE_AT_ONSET_MONTHS;
import static org.rdregistry.hospital.mapping.Column.BIOSAMPLE;
import static org.rdregistry.hospital.mapping.Column.CONTACT_CONSENT;
import static org.rdregistry.hospital.mapping.Column.DATE_OF_BIRTH;
import static org.rdregistry.hospital.mapping.Column.DISABILITY;
import static org.rdregistry.hospital.mapping.Column.FAMILY_NAME;
import static org.rdregistry.hospital.mapping.Column.GENETIC_DIAGNOSIS;
import static org.rdregistry.hospital.mapping.Column.GIVEN_NAME;
import static org.rdregistry.hospital.mapping.Column.NATIONAL_ID;
import static org.rdregistry.hospital.mapping.Column.ONSET_BAND;
import static org.rdregistry.hospital.mapping.Column.ORPHA_CODE;
import static org.rdregistry.hospital.mapping.Column.REGION;
import static org.rdregistry.hospital.mapping.Column.REGISTRATION_DATE;
import static org.rdregistry.hospital.mapping.Column.REUSE_CONSENT;
import static org.rdregistry.hospital.mapping.Column.SEX;
import static org.rdregistry.hospital.mapping.Column.VITAL_STATUS;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rdregistry.hospital.csv.CsvParser;
import org.rdregistry.hospital.pseudonym.Identifiers;
import org.rdregistry.hospital.pseudonym.LinkageKey;
import org.rdregistry.hospital.pseudonym.Pseudonymiser;
import org.rdregistry.hospital.pseudonym.RecordIds;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.registry.schema.SchemaException;

/**
 * Maps one CSV row to a {@link PlaintextRecord} of the schema (with its pseudonym and keyed ids), or to
 * the list of everything wrong with it. Dates are used only to derive the age band and never leave this
 * class; identifiers only to compute the pseudonym. Thread-safe.
 */
public final class RowMapper {

    /** The result of mapping one row. */
    public sealed interface Outcome<T> {
    }

    public record Ok<T>(T value) implements Outcome<T> {
    }

    public record Bad<T>(List<RowProblem> problems) implements Outcome<T> {
        public Bad {
            problems = List.copyOf(problems);
        }
    }

    /** The cleartext key of a patient in a cohort (what erasure needs). */
    public record PatientKey(int rowNumber, String pseudonym, String cohort) {
    }

    /** The schema fields this layout fills; the schema must have exactly these. */
    static final Set<String> FIELDS = Set.of("sex", "ageBand", "vitalStatus", "onsetBand", "onsetMonths",
            "diagnosisMonths", "diagnosticDelayMonths", "geneticDiagnosis", "contactConsent", "reuseConsent",
            "biosample", "disability", "region");

    private static final Pattern ORPHA = Pattern.compile("(?i)(?:orpha(?:code)?\\s*[: ]?\\s*)?0*(\\d{1,7})");
    private static final Pattern MONTHS = Pattern.compile("\\d{1,6}");
    private static final Set<String> ABSENT_ID = Set.of("", "NA", "NONE", "NULL", "UNKNOWN");
    private static final int OLDEST_YEARS = 130;

    private final RegistrySchema schema;
    private final LinkageKey key;
    private final Pseudonymiser pseudonymiser;
    private final LocalDate today;
    private final Map<String, FieldSpec> fields;
    private final AgeBands ageBands;

    /**
     * @param today the date used when a row has no registration date, and to refuse dates in the future
     * @throws SchemaException if the schema's fields are not the ones this CSV layout fills
     */
    public RowMapper(RegistrySchema schema, LinkageKey key, LocalDate today) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.key = Objects.requireNonNull(key, "key");
        this.pseudonymiser = new Pseudonymiser(key);
        this.today = Objects.requireNonNull(today, "today");
        this.fields = schema.byName();
        if (!fields.keySet().equals(FIELDS)) {
            throw new SchemaException("schema " + schema.version() + " has fields " + fields.keySet()
                    + "; this client's CSV layout fills " + FIELDS);
        }
        if (!(fields.get("ageBand") instanceof FieldSpec.Categorical ageBand)) {
            throw new SchemaException("field ageBand must be categorical");
        }
        this.ageBands = new AgeBands(ageBand);
    }

    public RegistrySchema schema() {
        return schema;
    }

    /** Maps a row of a submission file. */
    public Outcome<MappedRow> map(Header h, CsvParser.Row row) {
        Problems p = new Problems(row.line());
        if (!width(h, row, p)) {
            return new Bad<>(p.list);
        }
        List<String> f = row.fields();
        Identity id = identity(h, f, p);
        LocalDate registered = h.value(f, REGISTRATION_DATE).isEmpty() ? today : date(h, f, REGISTRATION_DATE, p);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sex", id.sex);
        v.put("vitalStatus", category(h, f, VITAL_STATUS, "vitalStatus", p));
        Long onset = months(h, f, AGE_AT_ONSET_MONTHS, "onsetMonths", p);
        Long diagnosis = months(h, f, AGE_AT_DIAGNOSIS_MONTHS, "diagnosisMonths", p);
        v.put("onsetMonths", onset);
        v.put("diagnosisMonths", diagnosis);
        v.put("onsetBand", h.value(f, ONSET_BAND).isEmpty() ? (onset == null ? null : onsetBand(onset))
                : category(h, f, ONSET_BAND, "onsetBand", p));
        v.put("geneticDiagnosis", category(h, f, GENETIC_DIAGNOSIS, "geneticDiagnosis", p));
        v.put("contactConsent", category(h, f, CONTACT_CONSENT, "contactConsent", p));
        v.put("reuseConsent", category(h, f, REUSE_CONSENT, "reuseConsent", p));
        v.put("biosample", category(h, f, BIOSAMPLE, "biosample", p));
        v.put("disability", category(h, f, DISABILITY, "disability", p));
        v.put("region", category(h, f, REGION, "region", p));
        if (registered != null && registered.isAfter(today)) {
            p.add(REGISTRATION_DATE, "is in the future");
        } else if (registered != null && id.dateOfBirth != null) {
            if (id.dateOfBirth.isAfter(registered)) {
                p.add(DATE_OF_BIRTH, "is after the registration date");
            } else {
                Period age = Period.between(id.dateOfBirth, registered);
                if (age.getYears() > OLDEST_YEARS) {
                    p.add(DATE_OF_BIRTH, "is more than " + OLDEST_YEARS + " years before the registration date");
                } else {
                    v.put("ageBand", ageBands.bandOf(age.getYears()));
                    if (diagnosis != null && diagnosis > age.toTotalMonths()) {
                        p.add(AGE_AT_DIAGNOSIS_MONTHS, "is later than the age at the registration date");
                    }
                }
            }
        }
        if (onset != null && diagnosis != null) {
            if (diagnosis < onset) {
                p.add(AGE_AT_DIAGNOSIS_MONTHS, "is earlier than age_at_onset_months (the diagnostic delay would be negative)");
            } else {
                v.put("diagnosticDelayMonths", diagnosis - onset);
            }
        }
        if (!p.list.isEmpty()) {
            return new Bad<>(p.list);
        }
        PlaintextRecord record = new PlaintextRecord(id.pseudonym, id.cohort, v);
        return new Ok<>(new MappedRow(row.line(), record, RecordIds.derive(key, schema, record)));
    }

    /** Maps a row of an erasure file: only the identifier columns and the ORPHA code are read. */
    public Outcome<PatientKey> patientKey(Header h, CsvParser.Row row) {
        Problems p = new Problems(row.line());
        if (!width(h, row, p)) {
            return new Bad<>(p.list);
        }
        Identity id = identity(h, row.fields(), p);
        if (!p.list.isEmpty()) {
            return new Bad<>(p.list);
        }
        return new Ok<>(new PatientKey(row.line(), id.pseudonym, id.cohort));
    }

    private static boolean width(Header h, CsvParser.Row row, Problems p) {
        if (row.fields().size() != h.width()) {
            p.add(null, "expected " + h.width() + " columns, found " + row.fields().size());
            return false;
        }
        return true;
    }

    private static final class Identity {
        String pseudonym;
        String cohort;
        String sex;
        LocalDate dateOfBirth;
    }

    private Identity identity(Header h, List<String> f, Problems p) {
        Identity id = new Identity();
        String family = name(h, f, FAMILY_NAME, p);
        String given = name(h, f, GIVEN_NAME, p);
        id.dateOfBirth = date(h, f, DATE_OF_BIRTH, p);
        id.sex = category(h, f, SEX, "sex", p);
        id.cohort = orphaCode(h, f, p);
        String nationalId = h.value(f, NATIONAL_ID);
        if (ABSENT_ID.contains(Pseudonymiser.normalise(nationalId))) {
            nationalId = "";
        }
        if (id.dateOfBirth != null && id.dateOfBirth.isAfter(today)) {
            p.add(DATE_OF_BIRTH, "is in the future");
        }
        if (family != null && given != null && id.dateOfBirth != null && id.sex != null) {
            id.pseudonym = pseudonymiser.pseudonym(new Identifiers(family, given, id.dateOfBirth, id.sex, nationalId));
        }
        return id;
    }

    private static String name(Header h, List<String> f, Column c, Problems p) {
        String s = h.value(f, c);
        if (s.isEmpty()) {
            p.add(c, "missing value");
            return null;
        }
        if (Pseudonymiser.normalise(s).isEmpty()) {
            p.add(c, "has no letters or digits");
            return null;
        }
        return s;
    }

    private static LocalDate date(Header h, List<String> f, Column c, Problems p) {
        String s = h.value(f, c);
        if (s.isEmpty()) {
            p.add(c, "missing value");
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE);
            if (d.getYear() < 1800) {
                p.add(c, "is before 1800");
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            p.add(c, "is not a date in the form YYYY-MM-DD");
            return null;
        }
    }

    private String orphaCode(Header h, List<String> f, Problems p) {
        String s = h.value(f, ORPHA_CODE);
        if (s.isEmpty()) {
            p.add(ORPHA_CODE, "missing value");
            return null;
        }
        Matcher m = ORPHA.matcher(s);
        if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
            p.add(ORPHA_CODE, "is not an ORPHA code (like ORPHA:558 or 558)");
            return null;
        }
        return "ORPHA:" + Integer.parseInt(m.group(1));
    }

    private String category(Header h, List<String> f, Column c, String field, Problems p) {
        String s = h.value(f, c);
        if (s.isEmpty()) {
            p.add(c, "missing value");
            return null;
        }
        FieldSpec.Categorical spec = (FieldSpec.Categorical) fields.get(field);
        String label = Labels.canonical(field, s);
        if (spec.indexOf(label) < 0) {
            String synonyms = Labels.synonymsOf(field);
            p.add(c, "is not one of " + String.join(", ", spec.categories())
                    + (synonyms.isEmpty() ? "" : " (or " + synonyms + ")"));
            return null;
        }
        return label;
    }

    private Long months(Header h, List<String> f, Column c, String field, Problems p) {
        String s = h.value(f, c);
        if (s.isEmpty()) {
            p.add(c, "missing value");
            return null;
        }
        FieldSpec.Integer spec = (FieldSpec.Integer) fields.get(field);
        if (!MONTHS.matcher(s).matches()) {
            p.add(c, "is not a whole number of months");
            return null;
        }
        long v = Long.parseLong(s);
        if (v < spec.min() || v > spec.max()) {
            p.add(c, "must be between " + spec.min() + " and " + spec.max());
            return null;
        }
        return v;
    }

    /**
     * The Orphanet age-of-onset band for an onset age in months, used when onset_band is empty: 0 months
     * neonatal, under 2 years infancy, 2-11 years childhood, 12-18 adolescence, 19-65 adulthood, over 65
     * elderly. "antenatal" and "undetermined" can only be given explicitly.
     */
    public static String onsetBand(long months) {
        long years = months / 12;
        if (months == 0) {
            return "neonatal";
        } else if (years < 2) {
            return "infancy";
        } else if (years < 12) {
            return "childhood";
        } else if (years <= 18) {
            return "adolescence";
        } else if (years <= 65) {
            return "adulthood";
        }
        return "elderly";
    }

    private static final class Problems {
        final int row;
        final List<RowProblem> list = new ArrayList<>();

        Problems(int row) {
            this.row = row;
        }

        void add(Column c, String reason) {
            list.add(new RowProblem(row, c == null ? null : c.header(), reason));
        }
    }
}

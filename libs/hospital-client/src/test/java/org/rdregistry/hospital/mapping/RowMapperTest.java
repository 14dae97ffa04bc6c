package org.rdregistry.hospital.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.hospital.csv.CsvParser;
import org.rdregistry.hospital.pseudonym.Identifiers;
import org.rdregistry.hospital.pseudonym.LinkageKey;
import org.rdregistry.hospital.pseudonym.Pseudonymiser;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.schema.RegistrySchema;

class RowMapperTest {

    static final LinkageKey KEY = LinkageKey.generate();
    static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
    static final RowMapper MAPPER = new RowMapper(RegistrySchema.current(), KEY, TODAY);
    static final List<String> HEADER = List.of("family_name", "given_name", "date_of_birth", "sex", "national_id",
            "orpha_code", "vital_status", "onset_band", "age_at_onset_months", "age_at_diagnosis_months",
            "genetic_diagnosis", "contact_consent", "reuse_consent", "biosample", "disability", "region",
            "registration_date");

    @TempDir
    Path dir;

    /** A valid row as column -> value, to be changed per test. */
    static Map<String, String> good() {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> v = List.of("Rossi", "Giulia", "2001-05-20", "female", "", "ORPHA:558", "alive", "childhood", "36",
                "60", "confirmed", "yes", "no", "yes", "mild", "east", "2025-01-10");
        for (int i = 0; i < HEADER.size(); i++) {
            m.put(HEADER.get(i), v.get(i));
        }
        return m;
    }

    static Map<String, String> with(String... kv) {
        Map<String, String> m = good();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static CsvParser.Row row(int line, Map<String, String> m) {
        return new CsvParser.Row(line, new ArrayList<>(m.values()));
    }

    static Header header() {
        return Header.parse(HEADER, Column.Purpose.SUBMIT);
    }

    static MappedRow ok(Map<String, String> m) {
        RowMapper.Outcome<MappedRow> o = MAPPER.map(header(), row(2, m));
        assertThat(o).isInstanceOf(RowMapper.Ok.class);
        return ((RowMapper.Ok<MappedRow>) o).value();
    }

    static List<RowProblem> bad(int line, Map<String, String> m) {
        RowMapper.Outcome<MappedRow> o = MAPPER.map(header(), row(line, m));
        assertThat(o).isInstanceOf(RowMapper.Bad.class);
        return ((RowMapper.Bad<MappedRow>) o).problems();
    }

    @Test
    void aGoodRowBecomesTheSchemaRecordWithDerivedFields() {
        MappedRow r = ok(good());
        assertThat(r.record().cohort()).isEqualTo("ORPHA:558");
        assertThat(r.record().pseudonym()).isEqualTo(new Pseudonymiser(KEY).pseudonym(
                new Identifiers("Rossi", "Giulia", LocalDate.of(2001, 5, 20), "female", null)));
        assertThat(r.record().values()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("sex", "female"), Map.entry("ageBand", "18-29"), Map.entry("vitalStatus", "alive"),
                Map.entry("onsetBand", "childhood"), Map.entry("onsetMonths", 36L), Map.entry("diagnosisMonths", 60L),
                Map.entry("diagnosticDelayMonths", 24L), Map.entry("geneticDiagnosis", "confirmed"),
                Map.entry("contactConsent", "yes"), Map.entry("reuseConsent", "no"), Map.entry("biosample", "yes"),
                Map.entry("disability", "mild"), Map.entry("region", "east")));
        assertThat(r.record().values().keySet()).isEqualTo(RegistrySchema.current().byName().keySet());
        assertThat(r.toString()).doesNotContain("Rossi", "2001", "female");
    }

    @Test
    void labelsAreReadLeniently() {
        MappedRow r = ok(with("sex", " F ", "orpha_code", "orpha 0558", "vital_status", "Deceased",
                "genetic_diagnosis", "NO", "contact_consent", "y", "reuse_consent", "TRUE", "biosample", "0",
                "disability", "Not Assessed", "region", "CENTRAL"));
        assertThat(r.record().cohort()).isEqualTo("ORPHA:558");
        assertThat(r.record().values()).containsEntry("sex", "female").containsEntry("vitalStatus", "dead")
                .containsEntry("geneticDiagnosis", "not-confirmed").containsEntry("contactConsent", "yes")
                .containsEntry("reuseConsent", "yes").containsEntry("biosample", "no")
                .containsEntry("disability", "not-assessed").containsEntry("region", "central");
        assertThat(ok(with("orpha_code", "166024")).record().cohort()).isEqualTo("ORPHA:166024");
    }

    @Test
    void ageBandComesFromTheDateOfBirthAtRegistration() {
        assertThat(ok(with("date_of_birth", "2000-01-15", "registration_date", "2018-01-14", "age_at_diagnosis_months", "60"))
                .record().values().get("ageBand")).isEqualTo("12-17");
        assertThat(ok(with("date_of_birth", "2000-01-15", "registration_date", "2018-01-15")).record().values().get("ageBand"))
                .isEqualTo("18-29");
        assertThat(ok(with("date_of_birth", "1960-01-15", "registration_date", "2025-01-15")).record().values().get("ageBand"))
                .isEqualTo("65+");
        assertThat(ok(with("date_of_birth", "2024-01-01", "registration_date", "2025-06-30",
                "age_at_onset_months", "0", "age_at_diagnosis_months", "2")).record().values().get("ageBand")).isEqualTo("0-1");
        // no registration date: today (2025-06-30) is used
        assertThat(ok(with("date_of_birth", "2000-07-01", "registration_date", "")).record().values().get("ageBand"))
                .isEqualTo("18-29");
        assertThat(ok(with("date_of_birth", "2000-06-30", "registration_date", "")).record().values().get("ageBand"))
                .isEqualTo("18-29");
        assertThat(ok(with("date_of_birth", "2007-07-01", "registration_date", "", "age_at_diagnosis_months", "60"))
                .record().values().get("ageBand")).isEqualTo("12-17");
    }

    @Test
    void onsetBandIsDerivedFromTheOnsetAgeWhenEmpty() {
        assertThat(ok(with("onset_band", "", "age_at_onset_months", "0")).record().values().get("onsetBand")).isEqualTo("neonatal");
        assertThat(ok(with("onset_band", "", "age_at_onset_months", "23")).record().values().get("onsetBand")).isEqualTo("infancy");
        assertThat(ok(with("onset_band", "", "age_at_onset_months", "24")).record().values().get("onsetBand")).isEqualTo("childhood");
        assertThat(ok(with("onset_band", "", "age_at_onset_months", "144", "age_at_diagnosis_months", "200"))
                .record().values().get("onsetBand")).isEqualTo("adolescence");
        assertThat(RowMapper.onsetBand(228)).isEqualTo("adulthood");
        assertThat(RowMapper.onsetBand(791)).isEqualTo("adulthood");
        assertThat(RowMapper.onsetBand(792)).isEqualTo("elderly");
        assertThat(ok(with("onset_band", "antenatal", "age_at_onset_months", "0")).record().values().get("onsetBand"))
                .isEqualTo("antenatal");
    }

    @Test
    void everyKindOfBadValueIsReportedWithRowColumnAndReasonButNeverTheValue() {
        record Case(Map<String, String> row, String column, String reason) {
        }
        List<Case> cases = List.of(
                new Case(with("family_name", ""), "family_name", "missing value"),
                new Case(with("given_name", "--"), "given_name", "no letters or digits"),
                new Case(with("date_of_birth", "20/05/2001"), "date_of_birth", "YYYY-MM-DD"),
                new Case(with("date_of_birth", "2001-02-30"), "date_of_birth", "YYYY-MM-DD"),
                new Case(with("date_of_birth", "1700-01-01"), "date_of_birth", "before 1800"),
                new Case(with("date_of_birth", "2025-03-01", "registration_date", "2025-02-01"), "date_of_birth", "after the registration date"),
                new Case(with("date_of_birth", "1890-01-01"), "date_of_birth", "130 years"),
                new Case(with("date_of_birth", "2026-01-01", "registration_date", ""), "date_of_birth", "future"),
                new Case(with("registration_date", "2030-01-01"), "registration_date", "future"),
                new Case(with("registration_date", "soon"), "registration_date", "YYYY-MM-DD"),
                new Case(with("sex", "x"), "sex", "not one of female, male, undetermined, unknown"),
                new Case(with("orpha_code", "OMIM:1234"), "orpha_code", "not an ORPHA code"),
                new Case(with("orpha_code", "0"), "orpha_code", "not an ORPHA code"),
                new Case(with("orpha_code", ""), "orpha_code", "missing value"),
                new Case(with("vital_status", "maybe"), "vital_status", "not one of alive, dead"),
                new Case(with("onset_band", "teen"), "onset_band", "not one of antenatal"),
                new Case(with("age_at_onset_months", "3.5"), "age_at_onset_months", "whole number"),
                new Case(with("age_at_onset_months", "-1"), "age_at_onset_months", "whole number"),
                new Case(with("age_at_onset_months", "1201", "age_at_diagnosis_months", "1202"), "age_at_onset_months", "between 0 and 1200"),
                new Case(with("age_at_diagnosis_months", ""), "age_at_diagnosis_months", "missing value"),
                new Case(with("age_at_onset_months", "70", "age_at_diagnosis_months", "60"), "age_at_diagnosis_months", "negative"),
                new Case(with("age_at_diagnosis_months", "600"), "age_at_diagnosis_months", "later than the age at the registration date"),
                new Case(with("genetic_diagnosis", "probably"), "genetic_diagnosis", "not one of confirmed"),
                new Case(with("contact_consent", "ok"), "contact_consent", "not one of yes, no"),
                new Case(with("reuse_consent", ""), "reuse_consent", "missing value"),
                new Case(with("biosample", "blood"), "biosample", "not one of yes, no"),
                new Case(with("disability", "extreme"), "disability", "not one of none, mild"),
                new Case(with("region", "mars"), "region", "not one of north"));
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            int line = i + 2;
            List<RowProblem> problems = bad(line, c.row());
            assertThat(problems).as(c.column() + " / " + c.reason()).anySatisfy(p -> {
                assertThat(p.column()).isEqualTo(c.column());
                assertThat(p.reason()).contains(c.reason());
            });
            assertThat(problems).allSatisfy(p -> assertThat(p.rowNumber()).isEqualTo(line));
            assertThat(problems.toString()).doesNotContain("Rossi", "Giulia", "2001-05-20");
        }
        // several problems of one row are all reported
        assertThat(bad(9, with("sex", "", "region", "", "age_at_onset_months", "x")))
                .extracting(RowProblem::rowNumber, RowProblem::column)
                .containsExactlyInAnyOrder(tuple(9, "sex"), tuple(9, "region"), tuple(9, "age_at_onset_months"));
        // a row with the wrong number of columns
        assertThat(MAPPER.map(header(), new CsvParser.Row(5, List.of("a", "b")))).isEqualTo(new RowMapper.Bad<MappedRow>(
                List.of(new RowProblem(5, null, "expected 17 columns, found 2"))));
    }

    @Test
    void placeholdersForAMissingNationalIdCountAsAbsent() {
        String none = ok(good()).record().pseudonym();
        assertThat(ok(with("national_id", "N/A")).record().pseudonym()).isEqualTo(none);
        assertThat(ok(with("national_id", " - ")).record().pseudonym()).isEqualTo(none);
        assertThat(ok(with("national_id", "unknown")).record().pseudonym()).isEqualTo(none);
        assertThat(ok(with("national_id", "1234")).record().pseudonym()).isNotEqualTo(none);
    }

    @Test
    void recordIdsAreStableForTheSameRowAndChangeWithAnyValue() {
        MappedRow a = ok(good());
        MappedRow again = ok(with("sex", "F", "family_name", "ROSSI"));
        assertThat(again.ids()).isEqualTo(a.ids());
        assertThat(a.ids().recordId()).hasSize(32).matches(RecordSubmission.ID);
        assertThat(a.ids().contentDigest()).hasSize(32).matches(RecordSubmission.ID).isNotEqualTo(a.ids().recordId());

        MappedRow changed = ok(with("disability", "severe"));
        assertThat(changed.record().pseudonym()).isEqualTo(a.record().pseudonym());
        assertThat(changed.record().cohort()).isEqualTo(a.record().cohort());
        assertThat(changed.ids().recordId()).isNotEqualTo(a.ids().recordId());
        assertThat(changed.ids().contentDigest()).isNotEqualTo(a.ids().contentDigest());
        assertThat(ok(with("orpha_code", "ORPHA:559")).ids().recordId()).isNotEqualTo(a.ids().recordId());
        assertThat(ok(with("given_name", "Giulio")).ids().recordId()).isNotEqualTo(a.ids().recordId());

        RowMapper otherKey = new RowMapper(RegistrySchema.current(), LinkageKey.generate(), TODAY);
        MappedRow b = ((RowMapper.Ok<MappedRow>) otherKey.map(header(), row(2, good()))).value();
        assertThat(b.record().values()).isEqualTo(a.record().values());
        assertThat(b.ids().recordId()).isNotEqualTo(a.ids().recordId());
        assertThat(b.record().pseudonym()).isNotEqualTo(a.record().pseudonym());
    }

    @Test
    void theShippedExampleFileMapsWithoutProblems() throws IOException, URISyntaxException {
        Path example = Path.of(getClass().getResource("/example-patients.csv").toURI());
        List<MappedRow> rows = new ArrayList<>();
        try (PatientFile f = PatientFile.open(example, StandardCharsets.UTF_8, Column.Purpose.SUBMIT)) {
            for (CsvParser.Result r = f.next(); r != null; r = f.next()) {
                RowMapper.Outcome<MappedRow> o = MAPPER.map(f.header(), (CsvParser.Row) r);
                assertThat(o).as("line " + r.line()).isInstanceOf(RowMapper.Ok.class);
                rows.add(((RowMapper.Ok<MappedRow>) o).value());
            }
        }
        assertThat(rows).extracting(MappedRow::rowNumber).containsExactly(2, 3, 4, 5, 6);
        assertThat(rows.get(1).record().pseudonym()).isEqualTo(new Pseudonymiser(KEY).pseudonym(
                new Identifiers("Müller-Lüdenscheidt", "José María", LocalDate.of(1984, 2, 29), "male", "AB123456C")));
        assertThat(rows.get(1).record().values()).containsEntry("ageBand", "30-44").containsEntry("diagnosticDelayMonths", 120L);
        assertThat(rows.get(2).record().values()).containsEntry("onsetBand", "neonatal");
        assertThat(rows.get(3).record().values()).containsEntry("sex", "male").containsEntry("vitalStatus", "dead")
                .containsEntry("ageBand", "65+");
        assertThat(rows.stream().map(r -> r.record().pseudonym()).collect(Collectors.toSet())).hasSize(5);
    }

    @Test
    void headerProblemsAreAllNamedAndFatal() {
        List<String> h = new ArrayList<>(HEADER);
        h.remove("region");
        h.set(h.indexOf("national_id"), "nationl_id");
        h.add("sex");
        assertThatThrownBy(() -> Header.parse(h, Column.Purpose.SUBMIT)).isInstanceOf(CsvLayoutException.class)
                .hasMessageContaining("missing column 'region'").hasMessageContaining("unknown column 'nationl_id'")
                .hasMessageContaining("'sex' appears twice");
        // optional columns may be left out; erasure files need only the identity
        Header.parse(List.of("FAMILY_NAME", " given_name ", "date_of_birth", "sex", "orpha_code"), Column.Purpose.ERASE);
        assertThatThrownBy(() -> Header.parse(List.of("family_name", "given_name", "date_of_birth", "sex", "orpha_code"),
                Column.Purpose.SUBMIT)).hasMessageContaining("missing column 'vital_status'");
    }

    @Test
    void filesInOtherLayoutsOrEncodingsAreRefusedAsAWhole() throws IOException {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, (String.join(",", HEADER) + "\nM\u00fcller," + String.join(",", new ArrayList<>(good().values())
                .subList(1, 17)) + "\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> PatientFile.open(latin1, StandardCharsets.UTF_8, Column.Purpose.SUBMIT))
                .isInstanceOf(CsvLayoutException.class).hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("line 2").hasMessageNotContaining("ller");
        try (PatientFile f = PatientFile.open(latin1, StandardCharsets.ISO_8859_1, Column.Purpose.SUBMIT)) {
            assertThat(MAPPER.map(f.header(), (CsvParser.Row) f.next())).isInstanceOf(RowMapper.Ok.class);
        }
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThatThrownBy(() -> PatientFile.open(empty, StandardCharsets.UTF_8, Column.Purpose.SUBMIT))
                .isInstanceOf(CsvLayoutException.class).hasMessageContaining("empty");
        Path semicolons = Files.writeString(dir.resolve("semi.csv"), "\uFEFF" + String.join(";", HEADER) + "\r\n"
                + String.join(";", good().values()) + "\r\n;;;;;;;;;;;;;;;;\r\n");
        try (PatientFile f = PatientFile.open(semicolons, StandardCharsets.UTF_8, Column.Purpose.SUBMIT)) {
            assertThat(MAPPER.map(f.header(), (CsvParser.Row) f.next())).isInstanceOf(RowMapper.Ok.class);
            assertThat(f.next()).as("a row of empty cells is skipped").isNull();
        }
    }
}

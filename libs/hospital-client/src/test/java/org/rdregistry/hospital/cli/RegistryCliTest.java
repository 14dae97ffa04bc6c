package org.rdregistry.hospital.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.hospital.TestIntake;
import org.rdregistry.hospital.csv.CsvParser;
import org.rdregistry.hospital.http.RegistryInfo;
import org.rdregistry.hospital.mapping.Column;
import org.rdregistry.hospital.mapping.MappedRow;
import org.rdregistry.hospital.mapping.PatientFile;
import org.rdregistry.hospital.mapping.RowMapper;
import org.rdregistry.hospital.pseudonym.LinkageKey;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * The {@code registry} command run in-process (picocli's execute with captured streams) against a real
 * HTTP server playing intake. About ten records are encrypted in all.
 */
class RegistryCliTest {

    static final String HEADER = "family_name,given_name,date_of_birth,sex,national_id,orpha_code,vital_status,"
            + "onset_band,age_at_onset_months,age_at_diagnosis_months,genetic_diagnosis,contact_consent,reuse_consent,"
            + "biosample,disability,region,registration_date";
    static final String A = "Rossi,Giulia,2001-05-20,female,,ORPHA:558,alive,childhood,36,60,confirmed,yes,no,yes,mild,east,2025-01-10";
    static final String A_UPDATED = A.replace(",mild,", ",severe,");
    static final String B = "Kowalski,Piotr,1965-08-08,male,PL 123,ORPHA:166024,alive,adulthood,400,450,not-confirmed,no,no,no,none,north,2025-01-10";
    static final String C = "Dubois,Léa,2018-02-02,female,,558,alive,,5,20,undetermined,yes,yes,no,not assessed,west,2025-01-10";
    static final String D = "Schmidt,Jonas,1995-12-12,male,,ORPHA:79445,deceased,adolescence,150,170,yes,no,yes,yes,moderate,south,2025-01-10";
    static final List<String> IDENTIFIERS = List.of("Rossi", "Giulia", "2001-05-20", "Kowalski", "PL 123", "Dubois",
            "Schmidt", "Jonas", "1995-12-12");

    @TempDir
    static Path dir;
    static TestIntake intake;
    static Path keyFile;
    static Path tokenFile;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        intake = new TestIntake();
        keyFile = dir.resolve("linkage.key");
        LinkageKey.init(keyFile);
        tokenFile = Files.writeString(dir.resolve("token"), intake.token + "\n");
    }

    @AfterAll
    static void tearDown() {
        intake.close();
    }

    static Run registry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RegistryCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path csv(String name, String... rows) throws IOException {
        return Files.writeString(dir.resolve(name), HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n", StandardCharsets.UTF_8);
    }

    static String[] submit(Path csv, String... extra) {
        return submitTo(intake.baseUrl().toString(), keyFile, csv, extra);
    }

    static String[] submitTo(String url, Path linkageKey, Path csv, String... extra) {
        List<String> args = new ArrayList<>(List.of("submit", "--csv", csv.toString(), "--url", url,
                "--token-file", tokenFile.toString(), "--linkage-key", linkageKey.toString(), "--retry-backoff-ms", "1"));
        args.addAll(List.of(extra));
        if (!args.contains("--registry-key-file") && !args.contains("--registry-key-fingerprint")) {
            args.addAll(List.of("--registry-key-fingerprint", RegistryInfo.fingerprint(intake.registryKey.publicKey())));
        }
        return args.toArray(String[]::new);
    }

    static MappedRow mapped(String row) throws IOException {
        Path f = csv("one-" + Math.abs(row.hashCode()) + ".csv", row);
        try (PatientFile file = PatientFile.open(f, StandardCharsets.UTF_8, Column.Purpose.SUBMIT)) {
            RowMapper mapper = new RowMapper(RegistrySchema.current(), LinkageKey.load(keyFile), LocalDate.now());
            return ((RowMapper.Ok<MappedRow>) mapper.map(file.header(), (CsvParser.Row) file.next())).value();
        }
    }

    static void assertNothingIdentifying(Run run) throws IOException {
        assertThat(run.all()).doesNotContain(IDENTIFIERS).doesNotContain(intake.token)
                .doesNotContain(Files.readString(keyFile).strip().substring("rdregistry-linkage-key-v1:".length()));
    }

    @Test
    void submitReportsBadRowsRetriesOnceAndARerunChangesNothing() throws IOException {
        Path file = csv("patients.csv",
                A,                                                  // row 2
                B.replace(",male,", ",x,").replace("Kowalski", "Bianchi"), // row 3: bad sex
                B,                                                  // row 4
                "\"Broken\"x,Row,2000-01-01,male",                   // row 5: malformed
                C,                                                  // row 6
                A.replace("Rossi", "ROSSI").replace(",female,", ",F,").replace(",mild,", ",none,"), // row 7: same patient
                "Too,Few,Columns",                                  // row 8
                D);                                                 // row 9
        MappedRow d = mapped(D);
        intake.refuseRecordIds.add(d.ids().recordId());
        intake.enqueue(TestIntake.unavailable());
        int requests = intake.batchRequests.get();
        int records = intake.records.size();
        int index = intake.indexSize();

        Run first = registry(submit(file, "--batch-size", "2"));

        assertThat(first.code()).as(first.all()).isEqualTo(RegistryCli.BAD_ROWS);
        assertThat(first.err()).isEmpty();
        assertThat(first.out()).contains(
                "registry key fingerprint (SHA-256): " + RegistryInfo.fingerprint(intake.registryKey.publicKey()),
                "row 3, sex: is not one of female, male, undetermined, unknown",
                "row 5: text after a closing quote",
                "row 7: same patient and ORPHA code as row 2 (one row per patient and cohort)",
                "row 8: expected 17 columns, found 3",
                "row 9: refused by the registry: sex: proof invalid",
                "8 rows: 3 accepted, 0 already registered, 5 bad, 0 failed, 0 not submitted");
        // [A,B]: 503 then 202; [C,D]: 422 naming D, then [C]: 202
        assertThat(intake.batchRequests.get() - requests).isEqualTo(4);
        assertThat(intake.records.size() - records).isEqualTo(3);
        List<RecordSubmission> written = new ArrayList<>();
        for (String row : List.of(A, B, C)) {
            MappedRow m = mapped(row);
            RecordSubmission s = intake.records.get(m.record().pseudonym() + "/" + m.record().cohort());
            assertThat(s.recordId()).isEqualTo(m.ids().recordId());
            assertThat(s.contentDigest()).isEqualTo(m.ids().contentDigest());
            written.add(s);
        }
        assertThat(written).extracting(RecordSubmission::cohort).containsExactly("ORPHA:558", "ORPHA:166024", "ORPHA:558");
        assertThat(new RecordVerifier(RegistrySchema.current(), intake.registryKey.publicKey()).verifyAll(written)).isEmpty();
        assertNothingIdentifying(first);

        intake.refuseRecordIds.clear();
        Run second = registry(submit(file, "--batch-size", "2"));
        assertThat(second.code()).as(second.all()).isEqualTo(RegistryCli.BAD_ROWS);
        assertThat(second.out()).contains("8 rows: 1 accepted, 3 already registered, 4 bad, 0 failed, 0 not submitted")
                .doesNotContain("row 9");
        assertThat(intake.records.size() - records).isEqualTo(4);

        Run third = registry(submit(file, "--batch-size", "2"));
        assertThat(third.out()).contains("8 rows: 0 accepted, 4 already registered, 4 bad, 0 failed, 0 not submitted");
        assertThat(intake.records.size() - records).isEqualTo(4);
        assertThat(intake.indexSize() - index).isEqualTo(4);

        // a changed row is a new record id for the same patient/cohort key: an update
        Run update = registry(submit(csv("update.csv", A_UPDATED)));
        assertThat(update.code()).as(update.all()).isEqualTo(RegistryCli.OK);
        assertThat(update.out()).contains("1 row: 1 accepted, 0 already registered, 0 bad, 0 failed, 0 not submitted");
        assertThat(intake.records.size() - records).isEqualTo(4);
        MappedRow a = mapped(A);
        assertThat(intake.records.get(a.record().pseudonym() + "/ORPHA:558").recordId())
                .isEqualTo(mapped(A_UPDATED).ids().recordId()).isNotEqualTo(a.ids().recordId());
    }

    @Test
    void aPinnedRegistryKeyFileIsUsedAndAWrongFingerprintStopsEverything() throws IOException {
        Path keyJson = dir.resolve("registry-key.json");
        Run fetch = registry("registry-key", "fetch", "--url", intake.baseUrl().toString(), "--out", keyJson.toString());
        String fingerprint = RegistryInfo.fingerprint(intake.registryKey.publicKey());
        assertThat(fetch.code()).isZero();
        assertThat(fetch.out()).contains("schema version 1", fingerprint);

        Path file = csv("pinned.csv", D.replace("Schmidt", "Weber"));
        int requests = intake.batchRequests.get();
        Run wrong = registry(submit(file, "--registry-key-file", keyJson.toString(), "--registry-key-fingerprint",
                "00".repeat(32)));
        assertThat(wrong.code()).isEqualTo(RegistryCli.FATAL);
        assertThat(wrong.err()).isEqualTo("registry submit: the registry key's fingerprint is " + fingerprint
                + ", not the expected one; nothing was sent\n");
        assertThat(intake.batchRequests.get()).isEqualTo(requests);

        Run right = registry(submit(file, "--registry-key-file", keyJson.toString(), "--registry-key-fingerprint",
                fingerprint.toUpperCase(), "--no-progress", "--threads", "1"));
        assertThat(right.code()).as(right.all()).isEqualTo(RegistryCli.OK);
        assertThat(right.out()).contains("1 row: 1 accepted");
    }

    @Test
    void eraseByFileOrByPseudonym() throws IOException {
        Path file = csv("erase.csv", A, "Nobody,,2000-01-01,female,,ORPHA:558,alive,,1,2,yes,yes,yes,yes,none,east,");
        Run byFile = registry("erase", "--csv", file.toString(), "--url", intake.baseUrl().toString(), "--token-file",
                tokenFile.toString(), "--linkage-key", keyFile.toString());
        assertThat(byFile.code()).as(byFile.all()).isEqualTo(RegistryCli.BAD_ROWS);
        assertThat(byFile.out()).contains("row 3, given_name: missing value",
                "2 rows: 1 patient/cohort entries erased, 1 bad, 0 not erased");
        String pseudonym = mapped(A).record().pseudonym();
        assertThat(intake.erasures).contains(pseudonym + "/ORPHA:558");
        assertNothingIdentifying(byFile);

        Run single = registry("erase", "--pseudonym", pseudonym, "--cohort", "ORPHA:166024", "--url",
                intake.baseUrl().toString(), "--token-file", tokenFile.toString());
        assertThat(single.code()).as(single.all()).isZero();
        assertThat(intake.erasures).contains(pseudonym + "/ORPHA:166024");

        Run neither = registry("erase", "--url", intake.baseUrl().toString(), "--token-file", tokenFile.toString());
        assertThat(neither.code()).isEqualTo(RegistryCli.FATAL);
        assertThat(neither.err()).contains("give either --csv FILE --linkage-key FILE, or --pseudonym P --cohort ORPHA:N");
    }

    @Test
    void linkageKeyInitNeverPrintsTheKeyAndNeverOverwrites() throws IOException {
        Path out = dir.resolve("new.key");
        Run init = registry("linkage-key", "init", "--out", out.toString());
        assertThat(init.code()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        String secret = Files.readString(out).strip().substring("rdregistry-linkage-key-v1:".length());
        assertThat(init.all()).doesNotContain(secret).contains(LinkageKey.load(out).fingerprint());
        Run fingerprint = registry("linkage-key", "fingerprint", "--key", out.toString());
        assertThat(fingerprint.out().strip()).isEqualTo(LinkageKey.load(out).fingerprint());

        Run again = registry("linkage-key", "init", "--out", out.toString());
        assertThat(again.code()).isEqualTo(RegistryCli.FATAL);
        assertThat(again.err()).isEqualTo("registry linkage-key init: " + out + " already exists (it is never overwritten)\n");
        assertThat(Files.readString(out)).contains(secret);

        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(registry("linkage-key", "fingerprint", "--key", out.toString()).err())
                .contains("warning: the linkage key file " + out + " is readable by other users");
    }

    @Test
    void fatalErrorsAreOneLineWithExitCode1AndAStackTraceOnlyWhenVerbose() throws IOException {
        Path missing = dir.resolve("missing.csv");
        Run noFile = registry(submit(missing));
        assertThat(noFile.code()).isEqualTo(RegistryCli.FATAL);
        assertThat(noFile.err()).isEqualTo("registry submit: no such file: " + missing + "\n");
        assertThat(noFile.out()).doesNotContain("rows:");
        Run verbose = registry(submit(missing, "--verbose"));
        assertThat(verbose.err()).startsWith("registry submit: no such file: ").contains("\tat ");

        Path badHeader = Files.writeString(dir.resolve("bad-header.csv"), HEADER.replace("national_id", "nationl_id") + "\n" + A);
        assertThat(registry(submit(badHeader)).err()).isEqualTo("registry submit: the CSV file does not have the "
                + "documented layout: header row: unknown column 'nationl_id'\n");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Run unpinned = registry("submit", "--csv", badHeader.toString(), "--url", intake.baseUrl().toString(),
                "--token-file", tokenFile.toString(), "--linkage-key", keyFile.toString());
        assertThat(unpinned.code()).isEqualTo(RegistryCli.FATAL);
        assertThat(unpinned.err()).startsWith("registry submit: pin the registry key").hasLineCount(1);

        Run down = registry("submit", "--csv", badHeader.toString(), "--url", "http://127.0.0.1:" + closedPort,
                "--token-file", tokenFile.toString(), "--linkage-key", keyFile.toString(), "--max-attempts", "2",
                "--retry-backoff-ms", "1", "--registry-key-fingerprint", "00");
        assertThat(down.code()).isEqualTo(RegistryCli.FATAL);
        assertThat(down.err()).startsWith("registry submit: GET /api/v1/registry: no answer from http://127.0.0.1:"
                + closedPort + " after 2 attempts").doesNotContain("\tat ").hasLineCount(1);

        Run usage = registry("submit", "--csv", badHeader.toString());
        assertThat(usage.code()).isEqualTo(RegistryCli.FATAL);
        assertThat(usage.err()).startsWith("registry submit: Missing required options").hasLineCount(1);

        Run http = registry(submitTo("http://registry.example.org", keyFile, badHeader));
        assertThat(http.err()).contains("refusing plain http:// to registry.example.org").hasLineCount(1);
        assertThat(registry(submit(badHeader, "--batch-size", "0")).err())
                .isEqualTo("registry submit: --batch-size must be between 1 and 200\n");
        assertThat(registry(submitTo(intake.baseUrl().toString(), tokenFile, badHeader)).err())
                .contains("is not a linkage key file").doesNotContain(intake.token);
    }

    @Test
    void aRefusedTokenStopsTheRunAndSaysWhatWasNotSent() throws IOException {
        Path wrongToken = Files.writeString(dir.resolve("wrong-token"), "not-a-valid-token");
        Run run = registry("submit", "--csv", csv("token.csv", B.replace("Kowalski", "Nowak")).toString(), "--url",
                intake.baseUrl().toString(), "--token-file", wrongToken.toString(), "--linkage-key", keyFile.toString(),
                "--registry-key-fingerprint", RegistryInfo.fingerprint(intake.registryKey.publicKey()));
        assertThat(run.code()).isEqualTo(RegistryCli.FATAL);
        assertThat(run.out()).contains("1 row: 0 accepted, 0 already registered, 0 bad, 0 failed, 1 not submitted");
        assertThat(run.err()).isEqualTo("registry submit: stopped: POST /api/v1/records/batch: HTTP 401 - Unauthorized: "
                + "a hospital token is required; 1 row not submitted (re-run the same file to complete it)\n");
        assertThat(run.all()).doesNotContain("not-a-valid-token");
    }
}

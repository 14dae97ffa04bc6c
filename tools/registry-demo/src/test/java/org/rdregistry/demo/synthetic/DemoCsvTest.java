package org.rdregistry.demo.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.demo.Cli;
import org.rdregistry.hospital.csv.CsvParser;
import org.rdregistry.hospital.mapping.Column;
import org.rdregistry.hospital.mapping.MappedRow;
import org.rdregistry.hospital.mapping.PatientFile;
import org.rdregistry.hospital.mapping.RowMapper;
import org.rdregistry.hospital.mapping.RowProblem;
import org.rdregistry.hospital.pseudonym.LinkageKey;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.schema.RegistrySchema;

class DemoCsvTest {

    static final RegistrySchema SCHEMA = RegistrySchema.current();
    static final List<String> COHORTS = List.of("ORPHA:558", "ORPHA:166024", "ORPHA:79445");
    static final LocalDate REGISTERED = LocalDate.of(2025, 6, 30);

    @TempDir
    Path tmp;

    /** Maps the file with the hospital client's own mapping; returns the good rows and collects the problems. */
    static List<MappedRow> map(Path csv, List<RowProblem> problems) throws Exception {
        RowMapper mapper = new RowMapper(SCHEMA, LinkageKey.generate(), LocalDate.now());
        List<MappedRow> rows = new ArrayList<>();
        try (PatientFile file = PatientFile.open(csv, StandardCharsets.UTF_8, Column.Purpose.SUBMIT)) {
            for (CsvParser.Result r = file.next(); r != null; r = file.next()) {
                if (r instanceof CsvParser.Malformed m) {
                    problems.add(new RowProblem(m.line(), null, m.reason()));
                } else {
                    RowMapper.Outcome<MappedRow> outcome = mapper.map(file.header(), (CsvParser.Row) r);
                    if (outcome instanceof RowMapper.Ok<MappedRow> ok) {
                        rows.add(ok.value());
                    } else if (outcome instanceof RowMapper.Bad<MappedRow> bad) {
                        problems.addAll(bad.problems());
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void everyGeneratedRowMapsCleanlyWithTheHospitalClient() throws Exception {
        Path csv = tmp.resolve("patients.csv");
        Cli.Run run = Cli.run("demo-csv", "--out", csv.toString(), "--patients", "400", "--seed", "42",
                "--registration-date", REGISTERED.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("400 fake patients").contains("seed 42");

        List<RowProblem> problems = new ArrayList<>();
        List<MappedRow> rows = map(csv, problems);
        assertThat(problems).isEmpty();
        assertThat(rows).hasSize(400);
        // one row per patient and cohort (what HospitalSubmitter would otherwise refuse)
        Set<String> keys = new HashSet<>();
        rows.forEach(r -> assertThat(keys.add(r.record().pseudonym() + "/" + r.record().cohort())).isTrue());
        assertThat(rows).extracting(r -> r.record().cohort()).containsOnly(COHORTS.toArray(String[]::new));

        // the load generator's plaintext is exactly what the client maps from the CSV row
        SyntheticPatients again = new SyntheticPatients(SCHEMA, COHORTS, REGISTERED, 42);
        RecordEncryptor encryptor = new RecordEncryptor(SCHEMA,
                org.rdregistry.crypto.elgamal.KeyPair.generate(org.rdregistry.crypto.group.GroupContext.p256()).publicKey());
        for (MappedRow row : rows) {
            SyntheticPatient p = again.next();
            assertThat(p.cohort()).isEqualTo(row.record().cohort());
            assertThat(again.plaintext(p, row.record().pseudonym()).values()).isEqualTo(row.record().values());
            encryptor.validate(row.record());
        }
    }

    @Test
    void distributionsArePlausible() {
        SyntheticPatients g = new SyntheticPatients(SCHEMA, COHORTS, REGISTERED, 7);
        Map<String, Integer> sex = new HashMap<>();
        Map<String, Integer> cohort = new HashMap<>();
        int n = 3000;
        long paediatricOnsetUnder12 = 0;
        long paediatric = 0;
        for (int i = 0; i < n; i++) {
            SyntheticPatient p = g.next();
            sex.merge(p.sex(), 1, Integer::sum);
            cohort.merge(p.cohort(), 1, Integer::sum);
            assertThat(p.onsetMonths()).isBetween(0L, p.diagnosisMonths());
            if (p.cohort().equals("ORPHA:558")) {
                paediatric++;
                paediatricOnsetUnder12 += p.onsetMonths() < 144 ? 1 : 0;
            }
        }
        assertThat(sex.get("female")).isBetween(n * 45 / 100, n * 55 / 100);
        assertThat(sex.get("male")).isBetween(n * 45 / 100, n * 55 / 100);
        // the first cohort is the most frequent (weights 1, 1/2, 1/3)
        assertThat(cohort.get("ORPHA:558")).isGreaterThan(cohort.get("ORPHA:166024"));
        assertThat(cohort.get("ORPHA:166024")).isGreaterThan(cohort.get("ORPHA:79445"));
        assertThat(paediatricOnsetUnder12).isGreaterThan(paediatric * 3 / 4);
    }

    @Test
    void theSameSeedGivesTheSameFileAndAnExistingFileIsKept() throws Exception {
        Path a = tmp.resolve("a.csv");
        Path b = tmp.resolve("b.csv");
        String[] common = {"--patients", "50", "--seed", "5", "--registration-date", REGISTERED.toString(),
                "--cohorts", "ORPHA:558,ORPHA:93"};
        assertThat(Cli.run(concat("demo-csv", "--out", a.toString(), common)).exit()).isZero();
        assertThat(Cli.run(concat("demo-csv", "--out", b.toString(), common)).exit()).isZero();
        assertThat(Files.readString(a)).isEqualTo(Files.readString(b));

        Cli.Run again = Cli.run(concat("demo-csv", "--out", a.toString(), common));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists").hasLineCount(1);

        Cli.Run bad = Cli.run("demo-csv", "--out", tmp.resolve("c.csv").toString(), "--patients", "5",
                "--cohorts", "558x");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("ORPHA").hasLineCount(1);
        assertThat(tmp.resolve("c.csv")).doesNotExist();
    }

    private static String[] concat(String a, String b, String c, String[] rest) {
        List<String> l = new ArrayList<>(List.of(a, b, c));
        l.addAll(List.of(rest));
        return l.toArray(String[]::new);
    }
}

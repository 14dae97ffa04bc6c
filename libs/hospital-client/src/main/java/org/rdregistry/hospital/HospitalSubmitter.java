package org.rdregistry.hospital;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.hospital.csv.CsvParser;
import org.rdregistry.hospital.http.RegistryClient;
import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.hospital.http.RegistryInfo;
import org.rdregistry.hospital.mapping.Column;
import org.rdregistry.hospital.mapping.MappedRow;
import org.rdregistry.hospital.mapping.PatientFile;
import org.rdregistry.hospital.mapping.RowMapper;
import org.rdregistry.hospital.mapping.RowProblem;
import org.rdregistry.hospital.pseudonym.LinkageKey;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * The hospital side of the registry as a Java API (the {@code registry} CLI is a thin shell around it):
 * read a patient CSV, map and validate every row, compute pseudonyms and keyed record ids, encrypt and
 * prove every field (in parallel), and post the records in batches. Bad rows are reported and never
 * stop good ones; re-running an unchanged file yields only duplicates.
 *
 * <pre>{@code
 * RegistryClient client = new RegistryClient(URI.create("https://registry.example.org"), () -> token);
 * HospitalSubmitter submitter = new HospitalSubmitter(client, LinkageKey.load(keyFile),
 *         HospitalSubmitter.Options.defaults().withBatchSize(50));
 * SubmissionReport report = submitter.submit(Path.of("patients.csv"), Progress.Listener.NONE);
 * }</pre>
 */
public final class HospitalSubmitter {

    /** Largest batch intake accepts by default ({@code intake.max-batch}). */
    public static final int MAX_BATCH_SIZE = 200;

    /**
     * @param batchSize records per POST (1..200)
     * @param parallelism encryption threads
     * @param charset the CSV file's encoding
     * @param clock gives "today" for rows without a registration date
     * @param registryKey the key to encrypt to, or null to fetch it from the registry
     * @param expectedKeyFingerprint if set, the registry key's SHA-256 fingerprint must equal it (hex)
     */
    public record Options(int batchSize, int parallelism, Charset charset, Clock clock, PublicKey registryKey,
                          String expectedKeyFingerprint) {

        public Options {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batch size must be between 1 and " + MAX_BATCH_SIZE);
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            Objects.requireNonNull(charset, "charset");
            Objects.requireNonNull(clock, "clock");
        }

        public static Options defaults() {
            return new Options(50, Runtime.getRuntime().availableProcessors(), StandardCharsets.UTF_8,
                    Clock.systemDefaultZone(), null, null);
        }

        public Options withBatchSize(int n) {
            return new Options(n, parallelism, charset, clock, registryKey, expectedKeyFingerprint);
        }

        public Options withParallelism(int n) {
            return new Options(batchSize, n, charset, clock, registryKey, expectedKeyFingerprint);
        }

        public Options withCharset(Charset c) {
            return new Options(batchSize, parallelism, c, clock, registryKey, expectedKeyFingerprint);
        }

        public Options withClock(Clock c) {
            return new Options(batchSize, parallelism, charset, c, registryKey, expectedKeyFingerprint);
        }

        public Options withRegistryKey(PublicKey k) {
            return new Options(batchSize, parallelism, charset, clock, k, expectedKeyFingerprint);
        }

        public Options withExpectedKeyFingerprint(String f) {
            return new Options(batchSize, parallelism, charset, clock, registryKey, f);
        }
    }

    private final RegistryClient client;
    private final LinkageKey linkageKey;
    private final Options options;
    private final RegistrySchema schema = RegistrySchema.current();

    public HospitalSubmitter(RegistryClient client, LinkageKey linkageKey, Options options) {
        this.client = Objects.requireNonNull(client, "client");
        this.linkageKey = Objects.requireNonNull(linkageKey, "linkageKey");
        this.options = Objects.requireNonNull(options, "options");
    }

    public SubmissionReport submit(Path csv) throws IOException {
        return submit(csv, Progress.Listener.NONE);
    }

    /**
     * Submits every good row of the file.
     *
     * @throws org.rdregistry.hospital.mapping.CsvLayoutException if the file is not the documented layout
     * @throws SubmissionException if the registry key or schema cannot be used
     * @throws RegistryHttpException if the registry key cannot be fetched
     */
    public SubmissionReport submit(Path csv, Progress.Listener listener) throws IOException {
        PublicKey key = registryKey();
        RowMapper mapper = new RowMapper(schema, linkageKey, LocalDate.now(options.clock()));
        List<MappedRow> good = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        int rows = 0;
        try (PatientFile file = PatientFile.open(csv, options.charset(), Column.Purpose.SUBMIT)) {
            Map<String, Integer> firstRowOfKey = new HashMap<>();
            for (CsvParser.Result r = file.next(); r != null; r = file.next()) {
                rows++;
                if (r instanceof CsvParser.Malformed m) {
                    problems.add(new RowProblem(m.line(), null, m.reason()));
                    continue;
                }
                RowMapper.Outcome<MappedRow> outcome = mapper.map(file.header(), (CsvParser.Row) r);
                if (outcome instanceof RowMapper.Bad<MappedRow> bad) {
                    problems.addAll(bad.problems());
                } else if (outcome instanceof RowMapper.Ok<MappedRow> ok) {
                    Integer first = firstRowOfKey.putIfAbsent(ok.value().record().pseudonym() + "/"
                            + ok.value().record().cohort(), r.line());
                    if (first != null) {
                        problems.add(new RowProblem(r.line(), null, "same patient and ORPHA code as row " + first
                                + " (one row per patient and cohort)"));
                    } else {
                        good.add(ok.value());
                    }
                }
            }
        }
        return new SubmissionRun(client, schema, key, options, listener, rows, good, problems).run();
    }

    /**
     * Erases from the registry every patient/cohort listed in a file (the identifier columns and
     * {@code orpha_code} are read; other columns of the layout may be present and are ignored).
     */
    public EraseReport erase(Path csv) throws IOException {
        RowMapper mapper = new RowMapper(schema, linkageKey, LocalDate.now(options.clock()));
        Map<String, RowMapper.PatientKey> keys = new LinkedHashMap<>();
        List<RowProblem> problems = new ArrayList<>();
        int rows = 0;
        try (PatientFile file = PatientFile.open(csv, options.charset(), Column.Purpose.ERASE)) {
            for (CsvParser.Result r = file.next(); r != null; r = file.next()) {
                rows++;
                if (r instanceof CsvParser.Malformed m) {
                    problems.add(new RowProblem(m.line(), null, m.reason()));
                } else {
                    RowMapper.Outcome<RowMapper.PatientKey> outcome = mapper.patientKey(file.header(), (CsvParser.Row) r);
                    if (outcome instanceof RowMapper.Ok<RowMapper.PatientKey> ok) {
                        keys.putIfAbsent(ok.value().pseudonym() + "/" + ok.value().cohort(), ok.value());
                    } else if (outcome instanceof RowMapper.Bad<RowMapper.PatientKey> bad) {
                        problems.addAll(bad.problems());
                    }
                }
            }
        }
        int erased = 0;
        int sent = 0;
        for (RowMapper.PatientKey k : keys.values()) {
            try {
                client.erase(k.pseudonym(), k.cohort());
                erased++;
            } catch (RegistryHttpException e) {
                if (e.unauthorised() || e.unavailable() || e.status() == 404) {
                    return new EraseReport(rows, erased, problems, keys.size() - sent, e.getMessage());
                }
                problems.add(new RowProblem(k.rowNumber(), null, "refused by the registry: " + e.getMessage()));
            }
            sent++;
        }
        return new EraseReport(rows, erased, problems, 0, null);
    }

    /**
     * The key records are encrypted to: the configured one, or the registry's (whose schema version
     * must be this client's). Checked against the expected fingerprint if one is configured.
     */
    public PublicKey registryKey() {
        PublicKey key = options.registryKey();
        if (key == null) {
            RegistryInfo info = client.fetchRegistry();
            if (!schema.version().equals(info.schemaVersion())) {
                throw new SubmissionException("the registry uses schema version " + info.schemaVersion()
                        + " but this client supports version " + schema.version() + "; update the client");
            }
            key = info.registryKey();
        }
        String expected = options.expectedKeyFingerprint();
        if (expected != null && !expected.isBlank()) {
            String actual = RegistryInfo.fingerprint(key);
            if (!actual.equals(expected.strip().toLowerCase(Locale.ROOT).replace(":", ""))) {
                throw new SubmissionException("the registry key's fingerprint is " + actual
                        + ", not the expected one; nothing was sent");
            }
        }
        return key;
    }
}

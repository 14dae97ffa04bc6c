package org.rdregistry.demo.synthetic;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.rdregistry.demo.CliException;
import org.rdregistry.demo.DemoCli;
import org.rdregistry.registry.schema.RegistrySchema;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry-demo demo-csv}: a CSV file of fake patients in the hospital client's layout. */
@Command(name = "demo-csv", mixinStandardHelpOptions = true,
        description = {"Writes a CSV file of FAKE patients in the hospital client's layout (see "
                + "libs/hospital-client/README.md), ready for 'registry submit'.",
                "Plausible distributions per cohort (onset pattern, diagnostic delay, genetic confirmation, disability); "
                        + "every row maps cleanly; one row per patient and cohort. Same seed, same file."})
public final class DemoCsvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write")
    Path out;

    @Option(names = "--patients", required = true, paramLabel = "N", description = "Number of rows (patients)")
    int patients;

    @Option(names = "--cohorts", split = ",", paramLabel = "ORPHA:n",
            defaultValue = "ORPHA:558,ORPHA:166024,ORPHA:79445",
            description = "Cohorts (ORPHA codes), the first the most frequent (default: ${DEFAULT-VALUE})")
    List<String> cohorts;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: a random one, printed)")
    Long seed;

    @Option(names = "--registration-date", paramLabel = "YYYY-MM-DD",
            description = "Registration date of every row (default: today); fixed dates make re-runs idempotent")
    LocalDate registrationDate;

    @Option(names = "--force", description = "Replace an existing file")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (patients < 1 || patients > 5_000_000) {
            throw new CliException("--patients must be between 1 and 5000000");
        }
        LocalDate date = registrationDate == null ? LocalDate.now() : registrationDate;
        if (date.isAfter(LocalDate.now())) {
            throw new CliException("--registration-date is in the future");
        }
        long s = seed == null ? new java.security.SecureRandom().nextLong() : seed;
        SyntheticPatients generator = new SyntheticPatients(RegistrySchema.current(), cohorts.stream().distinct().toList(),
                date, s);
        Map<String, Integer> perCohort = new TreeMap<>();
        if (Files.exists(out) && !force) {
            throw new FileAlreadyExistsException(out + " (use --force to replace it)");
        }
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // written next to the target and moved into place, so a failed run leaves no half-written file
        Path tmp = Files.createTempFile(dir, ".demo-csv-", ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(csvLine(SyntheticPatient.CSV_HEADER));
                for (int i = 0; i < patients; i++) {
                    SyntheticPatient p = generator.next();
                    perCohort.merge(p.cohort(), 1, Integer::sum);
                    w.write(csvLine(p.csvFields()));
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        spec.commandLine().getOut().println("wrote " + patients + " fake patients to " + out + " (seed " + s + "): "
                + perCohort.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b)
                .orElse(""));
        spec.commandLine().getOut().flush();
        return DemoCli.OK;
    }

    /** One CSV line (RFC 4180 quoting where needed), LF-terminated. */
    static String csvLine(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0
                    || f.indexOf(';') >= 0 || f.indexOf('\t') >= 0 || !f.equals(f.strip())) {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                b.append(f);
            }
        }
        return b.append('\n').toString();
    }
}

package org.rdregistry.hospital.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.hospital.HospitalSubmitter;
import org.rdregistry.hospital.Progress;
import org.rdregistry.hospital.SubmissionReport;
import org.rdregistry.hospital.http.RegistryClient;
import org.rdregistry.hospital.http.RegistryInfo;
import org.rdregistry.hospital.mapping.RowProblem;
import org.rdregistry.hospital.pseudonym.LinkageKey;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry submit}: CSV file in, encrypted records out. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Pseudonymises, encrypts and submits every good row of a patient CSV file. Bad rows are "
                + "listed with row number and reason and do not stop the good ones. Re-running an unchanged "
                + "file changes nothing (every row is reported as a duplicate).")
final class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Patient CSV file (layout: see README)")
    Path csv;

    @Option(names = "--linkage-key", required = true, paramLabel = "FILE", description = "Linkage key file")
    Path linkageKey;

    @Option(names = "--batch-size", defaultValue = "50", paramLabel = "N",
            description = "Records per request, 1-200 (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "Encryption threads (default: the number of processors)")
    Integer threads;

    @Option(names = "--encoding", defaultValue = "UTF-8", paramLabel = "CHARSET",
            description = "Encoding of the CSV file (default: ${DEFAULT-VALUE})")
    String encoding;

    @Option(names = "--registry-key-file", paramLabel = "FILE",
            description = "Registry public key (wire JSON, as written by 'registry registry-key fetch'); "
                    + "skips fetching it from the registry")
    Path registryKeyFile;

    @Option(names = "--registry-key-fingerprint", paramLabel = "HEX",
            description = "Refuse to encrypt unless the registry key's SHA-256 fingerprint is this one")
    String fingerprint;

    @Option(names = "--no-progress", description = "No progress bar (it is shown only on a terminal anyway)")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (registryKeyFile == null && fingerprint == null) {
            // Without a pin, whoever runs intake could hand out its own key and read every record.
            throw new CliException("pin the registry key with --registry-key-file (saved by 'registry registry-key "
                    + "fetch' and checked against the trustees' published fingerprint) or --registry-key-fingerprint");
        }
        RegistryClient client = connection.client();
        LinkageKey key = LinkageKeys.load(linkageKey, err);
        HospitalSubmitter.Options options = HospitalSubmitter.Options.defaults()
                .withBatchSize(checkBatchSize(batchSize))
                .withCharset(charset(encoding))
                .withExpectedKeyFingerprint(fingerprint);
        if (threads != null) {
            options = options.withParallelism(Math.max(1, threads));
        }
        if (registryKeyFile != null) {
            options = options.withRegistryKey(readRegistryKey(registryKeyFile));
        }
        // resolve (fetch and check) the registry key once, and show which key the records go to
        PublicKey registryKey = new HospitalSubmitter(client, key, options).registryKey();
        out.println("registry key fingerprint (SHA-256): " + RegistryInfo.fingerprint(registryKey));
        out.flush();
        HospitalSubmitter submitter = new HospitalSubmitter(client, key, options.withRegistryKey(registryKey));

        ProgressBar bar = noProgress || System.console() == null ? null : new ProgressBar(err);
        SubmissionReport report;
        try {
            report = submitter.submit(csv, bar == null ? Progress.Listener.NONE : bar);
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
        for (RowProblem p : report.badRows()) {
            out.println(p);
        }
        for (SubmissionReport.FailedBatch f : report.failedBatches()) {
            out.println("rows " + f.rowNumbers() + " not written: " + f.reason());
        }
        out.println(rows(report.rows()) + ": " + report.accepted() + " accepted, " + report.duplicates()
                + " already registered, " + report.badRowCount() + " bad, "
                + report.failedBatches().stream().mapToInt(b -> b.rowNumbers().size()).sum() + " failed, "
                + report.notSubmitted() + " not submitted");
        out.flush();
        if (report.abortReason() != null) {
            err.println("registry submit: stopped: " + report.abortReason() + "; " + rows(report.notSubmitted())
                    + " not submitted (re-run the same file to complete it)");
            err.flush();
            return RegistryCli.FATAL;
        }
        if (!report.delivered()) {
            err.println("registry submit: some rows were not written (see above)");
            err.flush();
            return RegistryCli.FATAL;
        }
        return report.badRows().isEmpty() ? RegistryCli.OK : RegistryCli.BAD_ROWS;
    }

    static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }

    static int checkBatchSize(int n) {
        if (n < 1 || n > HospitalSubmitter.MAX_BATCH_SIZE) {
            throw new CliException("--batch-size must be between 1 and " + HospitalSubmitter.MAX_BATCH_SIZE);
        }
        return n;
    }

    static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new CliException("unknown --encoding " + name);
        }
    }

    static PublicKey readRegistryKey(Path file) throws IOException {
        try {
            return Wire.fromJson(Files.readString(file, StandardCharsets.UTF_8), PublicKey.class);
        } catch (IllegalArgumentException e) {
            throw new CliException(file + " is not a registry public key (" + e.getMessage() + ")");
        }
    }
}

package org.rdregistry.hospital.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rdregistry.hospital.EraseReport;
import org.rdregistry.hospital.HospitalSubmitter;
import org.rdregistry.hospital.http.RegistryClient;
import org.rdregistry.hospital.mapping.RowProblem;
import org.rdregistry.registry.events.RecordSubmission;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code registry erase}: GDPR erasure of patients from cohorts. */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Erases patients from cohorts (GDPR): either every patient/ORPHA code listed in a CSV file "
                + "(columns family_name, given_name, date_of_birth, sex, orpha_code and optionally national_id; "
                + "other columns of the submission layout are ignored), or one pseudonym from one cohort.",
                "Erasing a patient the registry does not know also succeeds."})
final class EraseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--csv", paramLabel = "FILE", description = "File listing the patients to erase")
    Path csv;

    @Option(names = "--linkage-key", paramLabel = "FILE", description = "Linkage key file (with --csv)")
    Path linkageKey;

    @Option(names = "--pseudonym", paramLabel = "PSEUDONYM", description = "A pseudonym (43 characters), with --cohort")
    String pseudonym;

    @Option(names = "--cohort", paramLabel = "ORPHA:N", description = "The ORPHA code to erase the pseudonym from")
    String cohort;

    @Option(names = "--encoding", defaultValue = "UTF-8", paramLabel = "CHARSET",
            description = "Encoding of the CSV file (default: ${DEFAULT-VALUE})")
    String encoding;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean single = pseudonym != null || cohort != null;
        if (single == (csv != null)) {
            throw new ParameterException(spec.commandLine(), "give either --csv FILE --linkage-key FILE, "
                    + "or --pseudonym P --cohort ORPHA:N");
        }
        if (single) {
            if (pseudonym == null || cohort == null) {
                throw new ParameterException(spec.commandLine(), "--pseudonym and --cohort go together");
            }
            if (!RecordSubmission.PSEUDONYM.matcher(pseudonym).matches()) {
                throw new CliException("--pseudonym must be 43 base64url characters");
            }
            if (!RecordSubmission.COHORT.matcher(cohort).matches()) {
                throw new CliException("--cohort must be an ORPHA code like ORPHA:558");
            }
            connection.client().erase(pseudonym, cohort);
            out.println("erased the pseudonym from " + cohort);
            out.flush();
            return RegistryCli.OK;
        }
        if (linkageKey == null) {
            throw new ParameterException(spec.commandLine(), "--csv needs --linkage-key");
        }
        RegistryClient client = connection.client();
        HospitalSubmitter submitter = new HospitalSubmitter(client, LinkageKeys.load(linkageKey, err),
                HospitalSubmitter.Options.defaults().withCharset(SubmitCommand.charset(encoding)));
        EraseReport report = submitter.erase(csv);
        for (RowProblem p : report.badRows()) {
            out.println(p);
        }
        out.println(SubmitCommand.rows(report.rows()) + ": " + report.erased() + " patient/cohort entries erased, "
                + report.badRows().stream().mapToInt(RowProblem::rowNumber).distinct().count() + " bad, "
                + report.notErased() + " not erased");
        out.flush();
        if (report.abortReason() != null) {
            err.println("registry erase: stopped: " + report.abortReason() + "; re-run the same file to complete it");
            err.flush();
            return RegistryCli.FATAL;
        }
        return report.badRows().isEmpty() ? RegistryCli.OK : RegistryCli.BAD_ROWS;
    }
}

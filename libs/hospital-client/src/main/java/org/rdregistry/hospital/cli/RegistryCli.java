package org.rdregistry.hospital.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

import org.rdregistry.crypto.keyceremony.KeyCeremonyException;
import org.rdregistry.hospital.SubmissionException;
import org.rdregistry.hospital.consult.ConsultationException;
import org.rdregistry.hospital.cli.consult.ConsultCommand;
import org.rdregistry.hospital.cli.consult.ExpertCommand;
import org.rdregistry.hospital.cli.consult.ModelCommand;
import org.rdregistry.hospital.cli.trustee.TrusteeCommand;
import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.hospital.mapping.CsvLayoutException;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.trustee.TrusteeException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code registry} command. Exit codes: 0 every row was accepted (or was already there), 2 some
 * rows were bad (the good ones were still submitted), 1 a fatal error (one line on stderr; the stack
 * trace only with {@code --verbose}); the second-opinion commands add 5 (not there yet), 6 (not found)
 * and 7 (conflict).
 */
@Command(name = "registry", mixinStandardHelpOptions = true, versionProvider = RegistryCli.Version.class,
        description = "Hospital client of the confidential rare-disease registry: pseudonymises, encrypts and "
                + "submits patient records; erases patients; manages the linkage key. Trustees: 'registry trustee' "
                + "runs the key ceremony. Second opinion: 'registry consult' (patients), 'registry expert' (experts), "
                + "'registry model' (scoring models).",
        subcommands = {SubmitCommand.class, EraseCommand.class, LinkageKeyCommand.class, RegistryKeyCommand.class,
                TrusteeCommand.class, org.rdregistry.hospital.cli.verify.VerifyCommand.class,
                ConsultCommand.class, ExpertCommand.class, ModelCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (submit: every row accepted or already registered)",
                "1:fatal error (submit: nothing or not everything sent; trustee commands: nothing written)",
                "2:some rows were bad; the good rows were submitted",
                "3:verify: inconclusive (the records a release covered are no longer all in the log)",
                "4:verify: the release is INVALID",
                "5:consult/expert: not there yet (scores, opinion, or the case switched to the expert's key); "
                        + "try again or use --wait",
                "6:consult/expert/model: not found (unknown or purged consultation, wrong credential, unknown model)",
                "7:consult/expert/model: conflict (case claimed by another expert, model id@version published "
                        + "with other content)"})
public final class RegistryCli {

    public static final int OK = 0;
    public static final int FATAL = 1;
    public static final int BAD_ROWS = 2;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors")
    boolean verbose;

    public static void main(String[] args) {
        // the Kafka client (registry trustee ceremony --bootstrap-servers) logs through SLF4J: problems only
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(commandLine().execute(args));
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The configured command line (tests call {@code execute} on it with their own writers). */
    public static CommandLine commandLine() {
        RegistryCli cli = new RegistryCli();
        return CliErrors.install(new CommandLine(cli), () -> cli.verbose, RegistryCli::message);
    }

    /** One line saying what went wrong, for the errors a user can meet. */
    static String message(Exception e) {
        if (e instanceof CliException || e instanceof SubmissionException || e instanceof RegistryHttpException
                || e instanceof IllegalArgumentException || e instanceof TrusteeException
                || e instanceof KeyCeremonyException || e instanceof ConsultationException) {
            return e.getMessage();
        }
        if (e instanceof CsvLayoutException) {
            return "the CSV file does not have the documented layout: " + e.getMessage();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " already exists (it is never overwritten)";
        }
        if (e instanceof IOException) {
            return "I/O error: " + e.getMessage();
        }
        return "unexpected error: " + e + " (run with --verbose for details)";
    }

    /** The version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RegistryCli.class.getPackage().getImplementationVersion();
            return new String[] {"registry " + (v == null ? "(development build)" : v) + ", registry schema "
                    + RegistrySchema.CURRENT_VERSION};
        }
    }
}

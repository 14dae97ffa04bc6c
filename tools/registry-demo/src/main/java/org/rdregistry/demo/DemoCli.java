package org.rdregistry.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

import org.apache.kafka.common.KafkaException;
import org.rdregistry.demo.aggregates.ShowAggregatesCommand;
import org.rdregistry.demo.key.DemoKeyCommand;
import org.rdregistry.demo.load.LoadCommand;
import org.rdregistry.demo.synthetic.DemoCsvCommand;
import org.rdregistry.hospital.cli.CliErrors;
import org.rdregistry.hospital.http.RegistryHttpException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code registry-demo} command: tools for the local stack and the pipeline load benchmark. Nothing
 * here is for production: the demo key is a single test-only key where production has the trustees'
 * threshold key, and the aggregate view decrypts without differential privacy.
 */
@Command(name = "registry-demo", mixinStandardHelpOptions = true, versionProvider = DemoCli.Version.class,
        description = "Demo and benchmark tools for the local registry stack (deploy/local). TEST-ONLY: the demo "
                + "registry key is held by one party, unlike the trustees' threshold key it stands in for.",
        subcommands = {DemoKeyCommand.class, DemoCsvCommand.class, ShowAggregatesCommand.class, LoadCommand.class,
                org.rdregistry.demo.consult.ConsultBenchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (load: PASS)", "1:fatal error, one line on stderr",
                "3:load: the decrypted aggregates differ from the truth (FAIL)"})
public final class DemoCli {

    public static final int OK = 0;
    public static final int FATAL = 1;
    public static final int MISMATCH = 3;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests call {@code execute} on it with their own writers). */
    public static CommandLine commandLine() {
        DemoCli cli = new DemoCli();
        return CliErrors.install(new CommandLine(cli), () -> cli.verbose, DemoCli::message);
    }

    /** One line saying what went wrong, for the errors a user can meet. */
    static String message(Exception e) {
        if (e instanceof CliException || e instanceof RegistryHttpException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException u) {
            return message(u.getCause());
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
        if (e instanceof KafkaException) {
            return "Kafka: " + e.getMessage();
        }
        return "unexpected error: " + e + " (run with --verbose for details)";
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DemoCli.class.getPackage().getImplementationVersion();
            return new String[] {"registry-demo " + (v == null ? "(development build)" : v)};
        }
    }
}

package org.rdregistry.hospital.cli;

import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import picocli.CommandLine;

/**
 * The error behaviour shared by the project's command-line tools: a usage or execution error is one
 * line on stderr ("command: reason") and exit code 1 (or a {@link CliException}'s own code); the stack
 * trace only with --verbose.
 */
public final class CliErrors {

    public static final int FATAL = 1;

    private CliErrors() {
    }

    /**
     * Installs the handlers on {@code cmd}.
     *
     * @param verbose whether --verbose was given (read when an error happens)
     * @param message the one-line, user-facing text of an execution error (never secrets or record values)
     */
    public static CommandLine install(CommandLine cmd, BooleanSupplier verbose, Function<Exception, String> message) {
        cmd.setExitCodeExceptionMapper(e -> e instanceof CliException c ? c.exitCode() : FATAL);
        cmd.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                    + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return FATAL;
        });
        cmd.setExecutionExceptionHandler((e, c, parseResult) -> {
            PrintWriter err = c.getErr();
            err.println(c.getCommandSpec().qualifiedName() + ": " + message.apply(e));
            if (verbose.getAsBoolean()) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof CliException ce ? ce.exitCode() : FATAL;
        });
        return cmd;
    }
}

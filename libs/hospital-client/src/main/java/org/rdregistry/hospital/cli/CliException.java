package org.rdregistry.hospital.cli;

/** A fatal, expected error: printed as one line, exit code 1 (or the documented code given). */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(String message) {
        this(message, CliErrors.FATAL, null);
    }

    public CliException(String message, Throwable cause) {
        this(message, CliErrors.FATAL, cause);
    }

    /** @param exitCode a non-zero exit code documented by the command */
    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        if (exitCode == 0) {
            throw new IllegalArgumentException("an error's exit code is not 0");
        }
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

package org.rdregistry.hospital.cli.consult;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.rdregistry.hospital.cli.CliErrors;
import org.rdregistry.hospital.cli.CliException;
import org.rdregistry.hospital.consult.ConsultationException;
import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.registry.consult.ConsultationSubmission;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the consult, expert and model commands share: their exit codes (documented on {@code registry
 * --help}) and the mapping of the client's failures to them.
 */
abstract class ConsultBase implements Callable<Integer> {

    static final int OK = 0;
    /** scores, opinion or the expert view not available yet */
    static final int NOT_READY = 5;
    /** 404: unknown or purged consultation (or a wrong credential), unknown model */
    static final int NOT_FOUND = 6;
    /** 409: already claimed, consultation id taken, model reference published with other content */
    static final int CONFLICT = 7;

    @Spec
    CommandSpec spec;

    abstract int run() throws IOException;

    @Override
    public final Integer call() throws IOException {
        try {
            return run();
        } catch (ConsultationException e) {
            throw new CliException(e.getMessage(),
                    e.kind() == ConsultationException.Kind.NOT_READY ? NOT_READY : CliErrors.FATAL, e);
        } catch (RegistryHttpException e) {
            int code = switch (e.status()) {
                case 404 -> NOT_FOUND;
                case 409 -> CONFLICT;
                default -> CliErrors.FATAL;
            };
            throw new CliException(e.getMessage(), code, e);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static String requireId(String id) {
        if (id == null || !ConsultationSubmission.ID.matcher(id).matches()) {
            throw new CliException("'" + id + "' is not a consultation id (a lower-case UUID)");
        }
        return id;
    }
}

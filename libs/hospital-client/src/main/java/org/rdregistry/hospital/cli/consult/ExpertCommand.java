package org.rdregistry.hospital.cli.consult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.rdregistry.hospital.cli.ConnectionOptions;
import org.rdregistry.hospital.cli.trustee.DurationConverter;
import org.rdregistry.hospital.consult.ExpertCase;
import org.rdregistry.hospital.consult.ExpertSession;
import org.rdregistry.hospital.consult.Lease;
import org.rdregistry.hospital.consult.QueueEntry;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.trustee.AtomicFiles;
import org.rdregistry.trustee.Fingerprints;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code registry expert ...}: the expert's side of a second opinion. A claim is an exclusive lease; the
 * trustees then switch the case's scores and history key to the expert's key, and only the expert's
 * key file opens them.
 */
@Command(name = "expert", mixinStandardHelpOptions = true,
        description = "Second opinion, expert side: create your key, see your specialty's queue, claim a case "
                + "(exclusive lease), read its history and scores (decrypted with your key), answer with an opinion "
                + "only the patient can read.",
        subcommands = {KeygenCommand.class, ExpertCommand.Queue.class, ExpertCommand.Claim.class,
                ExpertCommand.Read.class, ExpertCommand.Answer.class})
public final class ExpertCommand {

    @Command(name = "queue", mixinStandardHelpOptions = true,
            description = "Lists the open cases of a specialty (your token must name it): id, models, submission time.")
    static final class Queue extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Option(names = "--specialty", required = true, paramLabel = "S", description = "e.g. cardiology")
        String specialty;

        @Override
        int run() {
            List<QueueEntry> queue = connection.consultationClient().queue(specialty);
            PrintWriter out = out();
            if (queue.isEmpty()) {
                out.println("no open cases in " + Printing.safe(specialty));
            }
            for (QueueEntry e : queue) {
                out.println(e.consultationId() + "  submitted " + e.submittedAt() + "  models "
                        + e.models().stream().map(ModelRef::toString).collect(Collectors.joining(", ")));
            }
            out.flush();
            return OK;
        }
    }

    @Command(name = "claim", mixinStandardHelpOptions = true,
            description = "Claims a case for your key: an exclusive lease until the printed time. Exit 7 if another "
                    + "expert holds it. Then 'registry expert read ID --wait 2m'.")
    static final class Claim extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Mixin
        KeyOptions key;

        @Parameters(index = "0", paramLabel = "ID", description = "The consultation id")
        String id;

        @Override
        int run() throws IOException {
            requireId(id);
            ExpertSession session = new ExpertSession(connection.consultationClient(), key.load(err()));
            Lease lease = session.claim(id);
            out().println("claimed consultation " + id + ": lease " + lease.leaseId() + " until " + lease.until()
                    + " for key " + Fingerprints.of(session.publicKey()));
            out().flush();
            return OK;
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true,
            description = "Decrypts the claimed case with your key and prints its scores and the de-identified "
                    + "history (or saves the history with --history-out). Exit 5 if the trustees have not switched it "
                    + "to your key yet (use --wait).")
    static final class Read extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Mixin
        KeyOptions key;

        @Parameters(index = "0", paramLabel = "ID", description = "The consultation id")
        String id;

        @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Wait up to this long (e.g. 2m) for the trustees (default: look once)")
        Duration wait;

        @Option(names = "--poll-interval", defaultValue = "2s", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "How often to ask again while waiting (default: ${DEFAULT-VALUE})")
        Duration pollInterval;

        @Option(names = "--history-out", paramLabel = "FILE",
                description = "Save the history to this new file (permissions 600) instead of printing it")
        Path historyOut;

        @Override
        int run() throws IOException {
            requireId(id);
            ExpertSession session = new ExpertSession(connection.consultationClient(), key.load(err()), pollInterval);
            ExpertCase c = wait == null
                    ? ConsultReadCommands.orNotYet(session.read(id), "the trustees have not switched the case to your "
                            + "key yet; try again or use --wait")
                    : session.awaitCase(id, wait);
            byte[] history = c.history();
            try {
                PrintWriter out = out();
                out.println("consultation " + id + ", lease " + c.leaseId() + " until " + c.until());
                out.println("scores:");
                Printing.scores(out, c.scores());
                if (historyOut != null) {
                    AtomicFiles.create(historyOut, history, AtomicFiles.OWNER_ONLY);
                    out.println("history saved to " + historyOut + " (permissions 600)");
                } else {
                    out.println("history:");
                    out.println(Printing.safeText(history));
                }
                out.flush();
                return OK;
            } finally {
                Arrays.fill(history, (byte) 0);
            }
        }
    }

    @Command(name = "answer", mixinStandardHelpOptions = true,
            description = "Encrypts your opinion to the patient's key (only the patient can open it) and posts it "
                    + "under your lease.")
    static final class Answer extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", paramLabel = "ID", description = "The consultation id")
        String id;

        @Option(names = "--opinion", required = true, paramLabel = "FILE", description = "Your opinion (UTF-8 text)")
        Path opinionFile;

        @Override
        int run() throws IOException {
            requireId(id);
            byte[] opinion = ConsultSubmitCommand.readText(opinionFile, "opinion", ExpertSession.MAX_OPINION_BYTES);
            try {
                // the expert's own key is not needed: the opinion is sealed to the patient's key
                ExpertSession.answer(connection.consultationClient(), id, opinion);
            } finally {
                Arrays.fill(opinion, (byte) 0);
            }
            out().println("opinion on consultation " + id + " sent, encrypted to the patient's key");
            out().flush();
            return OK;
        }
    }
}

package org.rdregistry.hospital.cli.consult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.rdregistry.hospital.cli.ConnectionOptions;
import org.rdregistry.hospital.cli.trustee.DurationConverter;
import org.rdregistry.hospital.consult.ConsultationException;
import org.rdregistry.hospital.consult.CredentialFile;
import org.rdregistry.hospital.consult.DecryptedScore;
import org.rdregistry.hospital.consult.PatientSession;
import org.rdregistry.trustee.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code registry consult scores|opinion}: what only the patient's key opens. */
final class ConsultReadCommands {

    private ConsultReadCommands() {
    }

    /** What both commands take: connection, key, credential, consultation id, waiting. */
    abstract static class PatientRead extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Mixin
        KeyOptions key;

        @Mixin
        CredentialOptions credential;

        @Parameters(index = "0", paramLabel = "ID", description = "The consultation id")
        String id;

        @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Wait up to this long (e.g. 90s, 5m) if it is not there yet (default: look once, exit 5 if "
                        + "not there)")
        Duration wait;

        @Option(names = "--poll-interval", defaultValue = "2s", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "How often to ask again while waiting (default: ${DEFAULT-VALUE})")
        Duration pollInterval;

        String secret;
        PatientSession session;

        void open() throws IOException {
            requireId(id);
            secret = CredentialFile.read(credential.resolve(key.key, id), id);
            session = new PatientSession(connection.consultationClient(), key.load(err()), pollInterval);
        }
    }

    @Command(name = "scores", mixinStandardHelpOptions = true,
            description = "Decrypts your scores (key-switched to your key by the trustees) and shows each with its "
                    + "possible range and the model's published meaning. Exit 5 if they are not there yet.")
    static final class Scores extends PatientRead {
        @Override
        int run() throws IOException {
            open();
            List<DecryptedScore> scores = wait == null
                    ? session.scores(id, secret).orElseThrow(() -> notYet("no scores yet (the trustees switch them to "
                            + "your key shortly after submission); try again or use --wait"))
                    : session.awaitScores(id, secret, wait);
            PrintWriter out = out();
            out.println("scores of consultation " + id + ":");
            Printing.scores(out, scores);
            out.flush();
            return OK;
        }
    }

    @Command(name = "opinion", mixinStandardHelpOptions = true,
            description = "Opens the expert's opinion with your key and prints it (or saves it with --out). Exit 5 if "
                    + "there is none yet. Then acknowledge it with 'registry consult ack'.")
    static final class Opinion extends PatientRead {
        @Option(names = "--out", paramLabel = "FILE",
                description = "Save the opinion to this new file (permissions 600) instead of printing it")
        Path outFile;

        @Override
        int run() throws IOException {
            open();
            byte[] opinion = wait == null
                    ? session.opinion(id, secret).orElseThrow(() -> notYet("no opinion yet; try again later or use --wait"))
                    : session.awaitOpinion(id, secret, wait);
            try {
                PrintWriter out = out();
                if (outFile != null) {
                    AtomicFiles.create(outFile, opinion, AtomicFiles.OWNER_ONLY);
                    out.println("opinion of consultation " + id + " saved to " + outFile + " (permissions 600)");
                } else {
                    out.println("opinion of consultation " + id + ":");
                    out.println(Printing.safeText(opinion));
                }
                out.flush();
                return OK;
            } finally {
                Arrays.fill(opinion, (byte) 0);
            }
        }
    }

    static ConsultationException notYet(String message) {
        return new ConsultationException(ConsultationException.Kind.NOT_READY, message, null);
    }

    static <T> T orNotYet(Optional<T> value, String message) {
        return value.orElseThrow(() -> notYet(message));
    }
}

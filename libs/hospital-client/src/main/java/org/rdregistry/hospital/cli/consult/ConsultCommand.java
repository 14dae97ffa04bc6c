package org.rdregistry.hospital.cli.consult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.rdregistry.hospital.cli.ConnectionOptions;
import org.rdregistry.hospital.consult.AnswersFile;
import org.rdregistry.hospital.consult.ConsultationClient;
import org.rdregistry.hospital.consult.ConsultationView;
import org.rdregistry.hospital.consult.CredentialFile;
import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code registry consult ...}: the patient's (or referring physician's) side of a second opinion
 * (docs/design/consultations.md). Answers and history are encrypted here; scores and the opinion are
 * decrypted here, with the patient's key.
 */
@Command(name = "consult", mixinStandardHelpOptions = true,
        description = "Second opinion, patient side: create your key, see the published scoring models, submit an "
                + "encrypted consultation, follow it, read your scores and the expert's opinion, then acknowledge "
                + "(or withdraw at any time): the service then purges everything.",
        subcommands = {KeygenCommand.class, ConsultCommand.Models.class, ConsultSubmitCommand.class,
                ConsultCommand.Status.class, ConsultReadCommands.Scores.class, ConsultReadCommands.Opinion.class,
                ConsultCommand.Ack.class, ConsultCommand.Withdraw.class})
public final class ConsultCommand {

    @Command(name = "models", mixinStandardHelpOptions = true,
            description = "Lists the published scoring models; with a model reference, shows its features, categories "
                    + "and points, its interpretation and an answers-file template.")
    static final class Models extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A model reference, e.g. cha2ds2-vasc@1")
        String model;

        @Override
        int run() {
            ConsultationClient client = connection.consultationClient();
            PrintWriter out = out();
            if (model != null) {
                ScoringModel m = client.model(parseRef(model));
                Printing.modelDetails(out, m);
                out.println("answers-file template (replace each answer by the right category):");
                out.println(AnswersFile.template(m));
            } else {
                listModels(out, client.models(), null);
            }
            out.flush();
            return OK;
        }
    }

    static ModelRef parseRef(String text) {
        try {
            return ModelRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw new org.rdregistry.hospital.cli.CliException(e.getMessage());
        }
    }

    static void listModels(PrintWriter out, List<ScoringModel> models, String specialty) {
        List<ScoringModel> shown = models.stream().filter(m -> specialty == null || m.specialty().equals(specialty))
                .sorted(Comparator.comparing(ScoringModel::ref)).toList();
        if (shown.isEmpty()) {
            out.println("no published models" + (specialty == null ? "" : " of specialty " + specialty));
        }
        shown.forEach(m -> Printing.modelLine(out, m));
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows where a consultation stands (no key needed: scores and opinion stay encrypted). "
                    + "With --follow, prints each change as the service announces it (server-sent events) until the "
                    + "opinion is there.")
    static final class Status extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", paramLabel = "ID", description = "The consultation id")
        String id;

        @Option(names = "--key", paramLabel = "FILE", description = "Your key file (only to find the credential next to it)")
        Path key;

        @Mixin
        CredentialOptions credential;

        @Option(names = "--follow", description = "Keep printing changes until the opinion is there")
        boolean follow;

        @Override
        int run() throws IOException {
            requireId(id);
            String secret = CredentialFile.read(credential.resolve(key, id), id);
            ConsultationClient client = connection.consultationClient();
            PrintWriter out = out();
            if (!follow) {
                describe(out, client.consultation(id, secret));
                out.flush();
                return OK;
            }
            boolean[] done = {false};
            String[] last = {null};
            for (int broken = 0; !done[0]; ) {
                try {
                    client.events(id, secret, view -> {
                        String line = view.status() + ": scores " + (view.hasScores() ? "available" : "not yet")
                                + ", opinion " + (view.hasOpinion() ? "available" : "not yet");
                        if (!line.equals(last[0])) { // a reconnection starts with the current state again
                            out.println(line);
                            out.flush();
                            last[0] = line;
                        }
                        done[0] = view.status() == ConsultationCase.Status.ANSWERED && view.hasOpinion();
                        return !done[0];
                    });
                    broken = 0;
                } catch (RegistryHttpException e) {
                    // a stream broken by the network is resumed; a refusal (404 after a purge, 401...) ends it
                    if (e.status() != 0 || ++broken >= 5) {
                        throw e;
                    }
                }
                if (!done[0]) {
                    pause();
                }
            }
            return OK;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.rdregistry.hospital.cli.CliException("interrupted");
        }
    }

    static void describe(PrintWriter out, ConsultationView v) {
        out.println("consultation " + v.consultationId() + ": " + v.status());
        out.println("  specialty: " + Printing.safe(v.specialty()));
        out.println("  models:    " + v.models().stream().map(ModelRef::toString).collect(Collectors.joining(", ")));
        out.println("  submitted: " + v.submittedAt() + ", purged unless acknowledged by " + v.expiresAt());
        out.println("  scores:    " + (v.hasScores() ? "available ('registry consult scores')" : "not yet"));
        out.println("  opinion:   " + (v.hasOpinion() ? "available ('registry consult opinion')" : "not yet"));
    }

    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Acknowledges the opinion: the service purges the consultation everywhere (it answers 404 "
                    + "afterwards) and the local credential file is deleted. Read the opinion first.")
    static final class Ack extends Purge {
        @Override
        void purge(ConsultationClient client, String secret) {
            client.acknowledge(id, secret);
        }

        @Override
        String done() {
            return "acknowledged";
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true,
            description = "Withdraws the consultation at any time: the service purges it everywhere (it answers 404 "
                    + "afterwards) and the local credential file is deleted.")
    static final class Withdraw extends Purge {
        @Override
        void purge(ConsultationClient client, String secret) {
            client.withdraw(id, secret);
        }

        @Override
        String done() {
            return "withdrawn";
        }
    }

    abstract static class Purge extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", paramLabel = "ID", description = "The consultation id")
        String id;

        @Option(names = "--key", paramLabel = "FILE", description = "Your key file (only to find the credential next to it)")
        Path key;

        @Mixin
        CredentialOptions credential;

        abstract void purge(ConsultationClient client, String secret);

        abstract String done();

        @Override
        int run() throws IOException {
            requireId(id);
            Path file = credential.resolve(key, id);
            String secret = CredentialFile.read(file, id);
            purge(connection.consultationClient(), secret);
            CredentialFile.delete(file);
            out().println("consultation " + id + " " + done() + ": purged by the service; credential file " + file
                    + " deleted");
            out().flush();
            return OK;
        }
    }
}

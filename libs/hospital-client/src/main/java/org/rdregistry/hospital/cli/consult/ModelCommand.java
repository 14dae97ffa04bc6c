package org.rdregistry.hospital.cli.consult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.hospital.cli.CliException;
import org.rdregistry.hospital.cli.ConnectionOptions;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code registry model ...}: published scoring models (public; a published version never changes). */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Scoring models: publish one (role expert), list or show the published ones.",
        subcommands = {ModelCommand.Publish.class, ModelCommand.ListModels.class, ModelCommand.Show.class})
public final class ModelCommand {

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Checks a model document (structure, ranges, and that every worked example in testVectors "
                    + "scores its published points) and publishes it. A published id@version never changes: the same "
                    + "reference with other content is refused (exit 7); publish a new version instead.")
    static final class Publish extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The model (JSON)")
        Path file;

        @Override
        int run() throws IOException {
            if (Files.size(file) > 1 << 20) {
                throw new CliException(file + " is larger than 1 MiB");
            }
            ScoringModel model = ScoringModels.parse(Files.readAllBytes(file));
            for (ScoringModel.TestVector v : model.testVectors()) {
                int points;
                try {
                    points = model.points(v.answers());
                } catch (IllegalArgumentException e) {
                    throw new CliException("test vector '" + Printing.safe(v.description()) + "': " + e.getMessage());
                }
                if (points != v.points()) {
                    throw new CliException("test vector '" + Printing.safe(v.description()) + "' scores " + points
                            + " points, not the " + v.points() + " it states");
                }
            }
            boolean created = connection.consultationClient().publishModel(model);
            out().println((created ? "published " : "already published with the same content: ") + model.ref() + " ("
                    + model.specialty() + ", " + model.features().size() + " features, " + model.testVectors().size()
                    + " test vectors checked)");
            out().flush();
            return OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the published models.")
    static final class ListModels extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Option(names = "--specialty", paramLabel = "S", description = "Only the models of this specialty")
        String specialty;

        @Override
        int run() {
            ConsultCommand.listModels(out(), connection.consultationClient().models(), specialty);
            out().flush();
            return OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows one published model: features, categories and points, interpretation.")
    static final class Show extends ConsultBase {
        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", paramLabel = "MODEL", description = "A model reference, e.g. cha2ds2-vasc@1")
        String model;

        @Override
        int run() {
            Printing.modelDetails(out(), connection.consultationClient().model(ConsultCommand.parseRef(model)));
            out().flush();
            return OK;
        }
    }
}

package org.rdregistry.hospital.cli.verify;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.hospital.cli.CliException;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.registry.verify.LogEntry;
import org.rdregistry.registry.verify.ReleaseVerifier;
import org.rdregistry.registry.verify.Verdict;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code registry verify --release ID}: re-checks a published release from public data alone (the
 * release record, the joint key and the records topic) and prints a verdict. Exit 0 = valid,
 * 4 = invalid, 3 = inconclusive (the log no longer holds what the release covered), 1 = could not
 * verify (e.g. Kafka unreachable, release not found).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-checks a published release from public data: every record proof, the aggregate recomputed "
                + "from the records topic, every noise proof and decryption share, the combination and the "
                + "suppression rule. Exit code 0 = valid, 4 = invalid, 3 = inconclusive, 1 = could not verify.")
public final class VerifyCommand implements Callable<Integer> {

    static final int INVALID = 4;
    static final int INCONCLUSIVE = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--release", required = true, paramLabel = "ID", description = "The release id")
    String releaseId;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (read access to the records and releases topics)")
    String bootstrapServers;

    @Option(names = "--joint-key", required = true, paramLabel = "FILE",
            description = "The key ceremony's joint key (wire JSON of a joint-key, or a ceremony result holding "
                    + "one under \"jointKey\")")
    Path jointKeyFile;

    @Option(names = "--release-file", paramLabel = "FILE",
            description = "Read the release from this file (the JSON of GET /api/v1/releases/{id}/verification) "
                    + "instead of the releases topic")
    Path releaseFile;

    @Option(names = "--topic-prefix", defaultValue = "", paramLabel = "PREFIX",
            description = "Prefix of the deployment's topic names (default: none)")
    String topicPrefix;

    @Option(names = "--timeout", defaultValue = "PT60S", paramLabel = "DURATION",
            description = "Give up reading Kafka after this long (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        JointKey jointKey = readJointKey(jointKeyFile);
        RegistrySchema schema = RegistrySchema.current();
        long started = System.nanoTime();
        Release release;
        List<LogEntry> log = new ArrayList<>();
        try (TopicReader reader = new TopicReader(bootstrapServers, Map.of(), timeout)) {
            release = releaseFile != null ? readRelease(releaseFile) : findRelease(reader);
            if (!releaseId.equals(release.releaseId())) {
                throw new CliException("the release file holds release " + release.releaseId() + ", not " + releaseId);
            }
            if (release.position().size() != 1) {
                throw new CliException("release " + releaseId + " does not name one records-topic partition");
            }
            int partition = release.position().keySet().iterator().next();
            reader.readAll(topicPrefix + Topics.RECORDS.name(), List.of(partition),
                    r -> log.add(new LogEntry(r.offset(), r.key(), r.value())));
        }
        Verdict verdict = new ReleaseVerifier(schema, jointKey).verify(release, log);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("release %s of %s at position %s%n", release.releaseId(), release.cohort(), release.position());
        for (Verdict.Check c : verdict.checks()) {
            out.printf("  %-12s %s %s%n", c.status(), c.id(), c.detail());
        }
        out.printf("VERDICT: %s (%d log entries read, %.1f s)%n", verdict.status(), log.size(), seconds);
        out.flush();
        return switch (verdict.status()) {
            case VALID -> 0;
            case INVALID -> INVALID;
            case INCONCLUSIVE -> INCONCLUSIVE;
        };
    }

    private Release findRelease(TopicReader reader) {
        String topic = topicPrefix + Topics.RELEASES.name();
        Release[] found = new Release[1];
        reader.readAll(topic, reader.partitions(topic), r -> {
            if (releaseId.equals(r.key()) && r.value() != null) {
                found[0] = RegistryJson.mapper().readValue(r.value(), Release.class);
            }
        });
        if (found[0] == null) {
            throw new CliException("release " + releaseId + " is not on " + topic);
        }
        return found[0];
    }

    private static Release readRelease(Path file) throws IOException {
        try {
            return RegistryJson.mapper().readValue(Files.readString(file), Release.class);
        } catch (RuntimeException e) {
            throw new CliException(file + " does not hold a release: " + e.getMessage());
        }
    }

    static JointKey readJointKey(Path file) throws IOException {
        String text = Files.readString(file).strip();
        try {
            JsonNode tree = RegistryJson.mapper().readTree(text);
            if (tree.has("jointKey")) {
                text = RegistryJson.mapper().writeValueAsString(tree.get("jointKey"));
            }
            return Wire.fromJson(text, JointKey.class);
        } catch (RuntimeException e) {
            throw new CliException(file + " does not hold a joint key: " + e.getMessage());
        }
    }
}

package org.rdregistry.hospital.cli.trustee;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.hospital.cli.CliException;
import org.rdregistry.hospital.cli.RegistryCli;
import org.rdregistry.trustee.Fingerprints;
import org.rdregistry.trustee.ceremony.CeremonyBoard;
import org.rdregistry.trustee.ceremony.CeremonyConfig;
import org.rdregistry.trustee.ceremony.CeremonyOutcome;
import org.rdregistry.trustee.ceremony.CeremonyOutputs;
import org.rdregistry.trustee.ceremony.CeremonyRunner;
import org.rdregistry.trustee.ceremony.DirectoryBoard;
import org.rdregistry.trustee.ceremony.KafkaBoard;
import org.rdregistry.trustee.identity.TrusteeIdentity;
import org.rdregistry.trustee.keystore.Passphrase;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry trustee ceremony}: runs this trustee's side of the key ceremony. */
@Command(name = "ceremony", mixinStandardHelpOptions = true,
        description = "Runs this trustee's side of the key ceremony with the other trustees over a shared directory "
                + "or a Kafka topic (" + KafkaBoard.TOPIC + "). On success writes OUT/trustee-<i>.share.json (the "
                + "share, encrypted under the passphrase), OUT/" + CeremonyOutputs.RESULT_FILE + " and OUT/"
                + CeremonyOutputs.REGISTRY_KEY_FILE + " (public, identical for every trustee). On failure writes "
                + "nothing.")
final class CeremonyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "ceremony.json")
    Path config;

    @Option(names = "--index", required = true, paramLabel = "I", description = "This trustee's index in ceremony.json")
    int index;

    @Option(names = "--identity-dir", required = true, paramLabel = "DIR",
            description = "Directory of this trustee's identity ('registry trustee identity')")
    Path identityDir;

    @Mixin
    PassphraseOptions passphrase;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Board board;

    static final class Board {
        @Option(names = "--board-dir", paramLabel = "DIR", description = "Shared directory holding the messages")
        Path dir;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers")
        String bootstrapServers;
    }

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (TLS, SASL) for --bootstrap-servers")
    Path kafkaConfig;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created 700)")
    Path out;

    @Option(names = "--round-timeout", defaultValue = "120s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the other trustees in each of the 4 rounds (default: ${DEFAULT-VALUE})")
    Duration roundTimeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CeremonyConfig cfg = CeremonyConfig.read(config);
        if (index < 1 || index > cfg.participants()) {
            throw new CliException("--index must be between 1 and " + cfg.participants() + " (the trustees of " + config + ")");
        }
        if (kafkaConfig != null && board.bootstrapServers == null) {
            throw new CliException("--kafka-config needs --bootstrap-servers");
        }
        char[] secret = passphrase.read(err);
        try {
            KeyPair identity = TrusteeIdentity.load(identityDir, secret);
            if (!identity.publicKey().equals(cfg.identity(index))) {
                throw new CliException("the identity in " + identityDir + " (fingerprint " + Fingerprints.of(identity.publicKey())
                        + ") is not trustee " + index + "'s in " + config + " (" + Fingerprints.of(cfg.identity(index)) + ")");
            }
            CeremonyOutputs.prepare(out, index);
            o.println("ceremony " + cfg.ceremonyId() + ": trustee " + index + " of " + cfg.participants() + ", threshold "
                    + cfg.threshold() + ", " + cfg.group().name() + "; configuration fingerprint " + cfg.fingerprint());
            o.flush();
            CeremonyOutcome outcome;
            try (CeremonyBoard b = openBoard(cfg)) {
                outcome = new CeremonyRunner(cfg, index, identity, b,
                        CeremonyRunner.Options.defaults().withRoundTimeout(roundTimeout), listener(o, err)).run();
            }
            CeremonyOutputs.write(out, outcome, secret);
            o.println("ceremony complete: registry key fingerprint (SHA-256) " + Fingerprints.of(outcome.registryKey()));
            o.println("  share (secret, encrypted): " + CeremonyOutputs.shareFile(out, index));
            o.println("  public record:             " + out.resolve(CeremonyOutputs.RESULT_FILE));
            o.println("  registry key:              " + out.resolve(CeremonyOutputs.REGISTRY_KEY_FILE));
            o.flush();
            if (!outcome.absent().isEmpty()) {
                err.println("warning: trustee(s) " + outcome.absent() + " took no part and hold no share: decryption "
                        + "needs " + cfg.threshold() + " of the " + (cfg.participants() - outcome.absent().size())
                        + " trustees that did; consider a new ceremony with everyone");
                err.flush();
            }
            return RegistryCli.OK;
        } finally {
            Passphrase.wipe(secret);
        }
    }

    private CeremonyBoard openBoard(CeremonyConfig cfg) throws IOException {
        if (board.dir != null) {
            return new DirectoryBoard(board.dir);
        }
        Map<String, Object> props = new HashMap<>();
        if (kafkaConfig != null) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(kafkaConfig)) {
                p.load(in);
            }
            p.forEach((k, v) -> props.put(k.toString(), v));
        }
        props.put("bootstrap.servers", board.bootstrapServers);
        return new KafkaBoard(props, cfg.ceremonyId());
    }

    private static CeremonyRunner.Listener listener(PrintWriter out, PrintWriter err) {
        return new CeremonyRunner.Listener() {
            @Override
            public void progress(String line) {
                out.println(line);
                out.flush();
            }

            @Override
            public void warning(String line) {
                err.println("warning: " + line);
                err.flush();
            }
        };
    }
}

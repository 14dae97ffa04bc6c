package org.rdregistry.demo.aggregates;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.demo.DemoCli;
import org.rdregistry.demo.key.DemoKey;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RegistryJson;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry-demo show-aggregates}: the latest aggregate of every cohort, decrypted with the demo key. */
@Command(name = "show-aggregates", mixinStandardHelpOptions = true,
        description = {"DEMO VIEW: reads the latest aggregate of every cohort from the compacted aggregates topic and "
                + "decrypts it with the TEST-ONLY demo dealer key (see demo-key): patient count, histograms, means "
                + "and standard deviations, and the records-topic position each aggregate covers.",
                "No differential privacy and no small-cell suppression: in production the stats-service releases "
                        + "noisy statistics decrypted jointly by the trustees, and nobody holds this key."})
public final class ShowAggregatesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "Directory of the demo key (" + DemoKey.PUBLIC_FILE + " and " + DemoKey.SECRET_FILE + ")")
    Path dir;

    @Option(names = "--topic", defaultValue = "registry.aggregates.v1", paramLabel = "TOPIC",
            description = "Aggregates topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--cohort", paramLabel = "ORPHA:n", description = "Show only these cohorts (repeatable)")
    List<String> only;

    @Override
    public Integer call() throws IOException {
        KeyPair key = DemoKey.load(dir);
        Map<String, byte[]> latest = AggregateTopic.latest(bootstrap, topic);
        if (only != null && !only.isEmpty()) {
            latest.keySet().retainAll(only);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("DEMO VIEW - decrypted with the TEST-ONLY demo dealer key " + dir.resolve(DemoKey.SECRET_FILE) + ".");
        out.println("No differential privacy, no small-cell suppression; the stats-service with trustees replaces this view.");
        out.println("topic " + topic + ": " + latest.size() + " cohort" + (latest.size() == 1 ? "" : "s"));
        ElGamal elgamal = new ElGamal(key.group());
        int unreadable = 0;
        for (Map.Entry<String, byte[]> e : latest.entrySet()) {
            CohortAggregate aggregate;
            try {
                aggregate = RegistryJson.mapper().readValue(e.getValue(), CohortAggregate.class);
            } catch (RuntimeException ex) {
                // the parser's message may quote the input; keep only its type
                err.println("skipping the aggregate of " + e.getKey() + ": not a CohortAggregate ("
                        + ex.getClass().getSimpleName() + ")");
                unreadable++;
                continue;
            }
            if (!aggregate.count().alpha().getCurve().equals(key.group().curve())) {
                err.println("skipping the aggregate of " + e.getKey() + ": not on the demo key's curve");
                unreadable++;
                continue;
            }
            out.println();
            AggregateReport.lines(DecryptedAggregate.decrypt(aggregate, key, elgamal)).forEach(out::println);
        }
        out.flush();
        err.flush();
        return unreadable == 0 ? DemoCli.OK : DemoCli.FATAL;
    }
}

package org.rdregistry.demo.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.demo.CliException;
import org.rdregistry.demo.DemoCli;
import org.rdregistry.demo.key.DemoKey;
import org.rdregistry.demo.synthetic.SyntheticPatients;
import org.rdregistry.hospital.http.RegistryClient;
import org.rdregistry.hospital.http.RegistryInfo;
import org.rdregistry.hospital.http.RetryPolicy;
import org.rdregistry.hospital.pseudonym.LinkageKey;
import org.rdregistry.hospital.pseudonym.RecordIds;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.schema.RegistrySchema;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code registry-demo load}: the end-to-end pipeline benchmark. Generates N synthetic records over fresh
 * cohorts, encrypts them all first (timed), follows the aggregates topic from its end, posts the records
 * to intake, waits until every cohort's aggregate has counted all of its records, and checks the decrypted
 * aggregates exactly against the plaintext truth. See {@link Latencies} for the latency definition.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Pipeline load benchmark on the local stack: drives N synthetic records through intake into "
                + "the aggregates and prints records per second, the client's encryption cost per record and the "
                + "p50/p95/p99 latency from POST to aggregate, then decrypts the aggregates with the TEST-ONLY demo "
                + "key and compares every count, histogram cell, sum and sum of squares with the truth "
                + "(PASS/FAIL; exit code 3 on any difference).",
                "Latency of a record = time from its POST until the first aggregate of its cohort whose count is at "
                        + "least the record's rank in its cohort (its position in POST order).",
                "intake and crypto-compute must use the demo key: registry.key-file pointing at DIR/" + DemoKey.PUBLIC_FILE + "."})
public final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "Base URL of intake, e.g. http://localhost:8081")
    URI url;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "File holding a hospital bearer token (JWT); re-read for every request")
    Path tokenFile;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory of the demo key (see demo-key)")
    Path dir;

    @Option(names = "--records", required = true, paramLabel = "N", description = "Number of records to drive through")
    int records;

    @Option(names = "--cohorts", defaultValue = "3", paramLabel = "C",
            description = "Number of fresh cohorts (random unused codes ORPHA:9xxxxx) (default: ${DEFAULT-VALUE})")
    int cohorts;

    @Option(names = "--batch-size", defaultValue = "50", paramLabel = "N", description = "Records per POST, 1-200 (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--in-flight", defaultValue = "4", paramLabel = "N", description = "Concurrent POSTs (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--threads", paramLabel = "T", description = "Encryption threads (default: the number of processors)")
    Integer threads;

    @Option(names = "--topic", defaultValue = "registry.aggregates.v1", paramLabel = "TOPIC",
            description = "Aggregates topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--timeout-seconds", defaultValue = "600", paramLabel = "S",
            description = "Longest wait for the aggregates after the last POST (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--settle-seconds", defaultValue = "3", paramLabel = "S",
            description = "Keep reading this long after every count was reached, so that late duplicates show (default: ${DEFAULT-VALUE})")
    int settleSeconds;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the synthetic values (cohort codes and pseudonyms are always fresh)")
    Long seed;

    @Option(names = "--allow-http", description = "Allow plain http:// to a host other than localhost")
    boolean allowHttp;

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        KeyPair key = DemoKey.load(dir);
        RegistrySchema schema = RegistrySchema.current();
        RegistryClient client = client();
        checkRegistry(client, key, schema, out);

        // a. synthetic records over fresh cohorts, so that the aggregates start empty
        SecureRandom fresh = new SecureRandom();
        List<String> runCohorts = SyntheticPatients.freshCohorts(cohorts, fresh);
        long s = seed == null ? fresh.nextLong() : seed;
        List<PreEncryption.Planned> plan = plan(schema, runCohorts, s, fresh);
        out.println("load run: " + records + " records over cohorts " + String.join(", ", runCohorts) + " (seed " + s + ")");
        out.flush();

        // b. encrypt everything first, so that the posting phase measures the pipeline, not the client
        RecordEncryptor encryptor = new RecordEncryptor(schema, key.publicKey());
        PreEncryption.Result encrypted = PreEncryption.encrypt(encryptor, plan, t,
                done -> progress(err, "encrypted " + done + "/" + records));
        out.println(String.format(Locale.ROOT, "client encryption: %d records in %.1f s on %d thread%s", records,
                encrypted.wallNanos() / 1e9, t, t == 1 ? "" : "s"));
        out.flush();

        // the batch bodies too: the posting phase sends prepared bytes
        Poster poster = new Poster(client, batchSize, inFlight);
        List<byte[]> bodies = poster.prepare(encrypted.submissions());

        // c. follow the aggregates from their current end, before anything is posted
        ElGamal elgamal = new ElGamal(key.group());
        elgamal.discreteLog().warmUp();
        List<RecordSubmission> submissions = encrypted.submissions();
        List<String> cohortOrder = submissions.stream().map(RecordSubmission::cohort).toList();
        Map<String, Long> expected = new LinkedHashMap<>();
        runCohorts.forEach(c -> expected.put(c, 0L));
        cohortOrder.forEach(c -> expected.merge(c, 1L, Long::sum));
        try (AggregateWatcher watcher = new AggregateWatcher(bootstrap, topic, expected.keySet(), key, elgamal)) {
            // d. post
            out.println("posting in batches of " + batchSize + ", up to " + inFlight + " in flight ...");
            out.flush();
            Poster.Result posted = postWithProgress(poster, submissions, bodies, watcher, err);
            if (posted.failure() != null) {
                throw new CliException("a batch was refused or could not be sent after " + posted.posted()
                        + " records had been posted; run stopped: " + posted.failure().getMessage());
            }
            out.println(String.format(Locale.ROOT, "posted %d records: %d accepted, %d answered as duplicates", records,
                    posted.accepted(), posted.duplicates()));
            out.flush();

            // e. wait until every cohort's aggregate has counted all of its records
            boolean complete = watcher.awaitCounts(expected, Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(5),
                    seen -> progress(err, "aggregated " + seen + "/" + records));
            if (complete) {
                watcher.settle(Duration.ofSeconds(settleSeconds));
            } else {
                out.println("timed out after " + timeoutSeconds + " s: " + watcher.seen() + " of " + records
                        + " records reached the aggregates");
            }
            watcher.close();

            // latencies and throughput
            int[] ranks = Latencies.ranks(cohortOrder);
            List<Latencies.Posted> postedRecords = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                postedRecords.add(new Latencies.Posted(cohortOrder.get(i), ranks[i], posted.postNanos()[i]));
            }
            Map<String, List<Latencies.Observation>> observations = watcher.observations();
            long[] latency = Latencies.latencies(postedRecords, observations);
            long firstPost = posted.postNanos()[0];
            long lastAggregate = lastAggregate(expected, observations);
            double rate = complete ? Latencies.recordsPerSecond(records, firstPost, lastAggregate) : Double.NaN;

            // f. the final aggregates against the truth
            Truth truth = Truth.of(schema, plan.stream().map(PreEncryption.Planned::plaintext).toList());
            Map<String, byte[]> finals = watcher.latestValues();
            TruthCheck.Verdict verdict = TruthCheck.check(truth, cohort -> observed(finals.get(cohort), schema, key, elgamal));
            report(out, verdict, watcher.undecodable());

            // g. summary
            int items = Truth.empty(schema).size();
            LoadSummary summary = new LoadSummary(records, runCohorts.size(), batchSize, inFlight, rate,
                    (lastAggregate - firstPost) / 1e9, encrypted, latency, verdict, items, machine());
            out.println();
            summary.lines().forEach(out::println);
            out.flush();
            return verdict.pass() ? DemoCli.OK : DemoCli.MISMATCH;
        }
    }

    private void validate() {
        if (records < 1 || records > 1_000_000) {
            throw new CliException("--records must be between 1 and 1000000");
        }
        if (cohorts < 1 || cohorts > Math.min(records, 1000)) {
            throw new CliException("--cohorts must be between 1 and min(--records, 1000)");
        }
        if (batchSize < 1 || batchSize > 200) {
            throw new CliException("--batch-size must be between 1 and 200 (intake.max-batch)");
        }
        if (inFlight < 1 || inFlight > 64) {
            throw new CliException("--in-flight must be between 1 and 64");
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new CliException("--threads must be between 1 and 256");
        }
        if (timeoutSeconds < 1 || settleSeconds < 0) {
            throw new CliException("--timeout-seconds must be at least 1 and --settle-seconds at least 0");
        }
    }

    /** Record i goes to cohort i mod C (every cohort non-empty), then the order is shuffled. */
    private List<PreEncryption.Planned> plan(RegistrySchema schema, List<String> runCohorts, long s, SecureRandom fresh) {
        SyntheticPatients generator = new SyntheticPatients(schema, runCohorts, LocalDate.now(), s);
        // ids are keyed with a throw-away linkage key: fresh for every run, so intake sees only new records
        LinkageKey linkage = LinkageKey.generate();
        List<PreEncryption.Planned> plan = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            PlaintextRecord p = generator.plaintext(generator.next(runCohorts.get(i % runCohorts.size())),
                    pseudonym(fresh));
            plan.add(new PreEncryption.Planned(p, RecordIds.derive(linkage, schema, p)));
        }
        Collections.shuffle(plan, new Random(s));
        return plan;
    }

    private static String pseudonym(SecureRandom rnd) {
        byte[] b = new byte[32];
        rnd.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private Poster.Result postWithProgress(Poster poster, List<RecordSubmission> submissions, List<byte[]> bodies,
                                           AggregateWatcher watcher,
                                           PrintWriter err) throws InterruptedException {
        java.util.concurrent.CompletableFuture<Poster.Result> result = new java.util.concurrent.CompletableFuture<>();
        Thread dispatcher = new Thread(() -> {
            try {
                result.complete(poster.post(submissions, bodies));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
        while (true) {
            try {
                return result.get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                progress(err, "posted " + poster.answered() + "/" + records + ", aggregated " + watcher.seen());
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /** When the last cohort first reached its final count (or the last arrival if some never did). */
    static long lastAggregate(Map<String, Long> expected, Map<String, List<Latencies.Observation>> observations) {
        long last = Long.MIN_VALUE;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            List<Latencies.Observation> obs = observations.getOrDefault(e.getKey(), List.of());
            long reached = obs.stream().filter(o -> o.count() >= e.getValue()).mapToLong(Latencies.Observation::nanos)
                    .findFirst().orElse(obs.isEmpty() ? Long.MIN_VALUE : obs.get(obs.size() - 1).nanos());
            last = Math.max(last, reached);
        }
        return last;
    }

    private static TruthCheck.Observed observed(byte[] value, RegistrySchema schema, KeyPair key, ElGamal elgamal) {
        if (value == null) {
            return null;
        }
        CohortAggregate aggregate;
        try {
            aggregate = RegistryJson.mapper().readValue(value, CohortAggregate.class);
        } catch (RuntimeException e) {
            // the parser's message may quote the input; keep only its type
            throw new CliException("an aggregate of the run cannot be read as a CohortAggregate ("
                    + e.getClass().getSimpleName() + ")");
        }
        return new EncryptedAggregate(aggregate, schema, key, elgamal);
    }

    private static void report(PrintWriter out, TruthCheck.Verdict verdict, int undecodable) {
        Map<String, Long> lost = new HashMap<>(verdict.lostPerCohort());
        lost.forEach((c, n) -> {
            if (n != 0) {
                out.println(c + ": " + (n > 0 ? n + (n == 1 ? " record" : " records") + " lost"
                        : -n + (n == -1 ? " record" : " records") + " counted twice"));
            }
        });
        verdict.missingCohorts().forEach(c -> out.println(c + ": no aggregate received"));
        verdict.mismatches().stream().limit(30).forEach(m -> out.println("mismatch: " + m));
        if (verdict.mismatches().size() > 30) {
            out.println("... and " + (verdict.mismatches().size() - 30) + " more mismatches");
        }
        if (undecodable > 0) {
            out.println(undecodable + " aggregates had a count that could not be decrypted with the demo key");
        }
    }

    private void checkRegistry(RegistryClient client, KeyPair key, RegistrySchema schema, PrintWriter out) {
        RegistryInfo info = client.fetchRegistry();
        if (!schema.version().equals(info.schemaVersion())) {
            throw new CliException("intake uses schema version " + info.schemaVersion() + ", this tool "
                    + schema.version());
        }
        String demo = DemoKey.fingerprint(key.publicKey());
        String intake = RegistryInfo.fingerprint(info.registryKey());
        if (!demo.equals(intake)) {
            throw new CliException("intake's registry key (fingerprint " + intake + ") is not the demo key in " + dir
                    + " (fingerprint " + demo + "): start intake and crypto-compute with registry.key-file="
                    + dir.resolve(DemoKey.PUBLIC_FILE));
        }
        out.println("intake at " + url + " uses the demo key (fingerprint " + demo + ")");
    }

    private RegistryClient client() {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !scheme.equals("https") && !scheme.equals("http")) {
            throw new CliException("--url must be http(s)://host[:port][/path]");
        }
        if (scheme.equals("http") && !allowHttp && !loopback(url.getHost())) {
            throw new CliException("refusing plain http:// to " + url.getHost()
                    + " (the token would travel in clear); use https:// or --allow-http");
        }
        if (!Files.isReadable(tokenFile)) {
            throw new CliException("cannot read the token file " + tokenFile);
        }
        Path file = tokenFile;
        return new RegistryClient(url, () -> {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new CliException("cannot read the token file " + file);
            }
        }, RetryPolicy.defaults());
    }

    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " processors, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    private static void progress(PrintWriter err, String line) {
        err.println("  ... " + line);
        err.flush();
    }
}

package org.rdregistry.trustee.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;

/** n trustees with identity keys and a configuration, run concurrently in one JVM (one thread each). */
final class TestTrustees {

    static final GroupContext GROUP = GroupContext.p256();
    static final CeremonyRunner.Options FAST = new CeremonyRunner.Options(Duration.ofSeconds(20), Duration.ofMillis(25));

    final List<KeyPair> identities = new ArrayList<>();
    final CeremonyConfig config;

    TestTrustees(String ceremonyId, int n, int t) {
        for (int i = 0; i < n; i++) {
            identities.add(KeyPair.generate(GROUP));
        }
        config = new CeremonyConfig(ceremonyId, GROUP, t, identities.stream().map(KeyPair::publicKey).toList());
    }

    KeyPair identity(int index) {
        return identities.get(index - 1);
    }

    /** What one trustee's run gave: an outcome or an error, and what it reported. */
    record Run(int index, CeremonyOutcome outcome, Throwable error, List<String> progress, List<String> warnings) {
        CeremonyOutcome ok() {
            assertThat(error).as("trustee %d failed", index).isNull();
            return outcome;
        }
    }

    static final class Recorder implements CeremonyRunner.Listener {
        final List<String> progress = Collections.synchronizedList(new ArrayList<>());
        final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void progress(String line) {
            progress.add(line);
        }

        @Override
        public void warning(String line) {
            warnings.add(line);
        }
    }

    /** Runs the given trustees concurrently, each on its own board from {@code boards}. */
    Map<Integer, Run> run(List<Integer> indices, IntFunction<CeremonyBoard> boards, IntFunction<CeremonyRunner.Options> options)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(indices.size());
        try {
            Map<Integer, Future<Run>> futures = new TreeMap<>();
            for (int i : indices) {
                futures.put(i, pool.submit(() -> {
                    Recorder recorder = new Recorder();
                    try (CeremonyBoard board = boards.apply(i)) {
                        CeremonyOutcome o = new CeremonyRunner(config, i, identity(i), board, options.apply(i), recorder).run();
                        return new Run(i, o, null, recorder.progress, recorder.warnings);
                    } catch (Exception | AssertionError e) {
                        return new Run(i, null, e, recorder.progress, recorder.warnings);
                    }
                }));
            }
            Map<Integer, Run> runs = new TreeMap<>();
            for (Map.Entry<Integer, Future<Run>> f : futures.entrySet()) {
                runs.put(f.getKey(), f.getValue().get(120, TimeUnit.SECONDS));
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    Map<Integer, Run> run(List<Integer> indices, IntFunction<CeremonyBoard> boards) throws Exception {
        return run(indices, boards, i -> FAST);
    }

    static final DiscreteLog SMALL_TABLE = new DiscreteLog(GROUP, 1 << 8, 1 << 16);

    /** Encrypts {@code m} to the key, decrypts it with the given shares (partial decryptions + combination). */
    static long decryptWith(PublicKey registryKey, long m, List<TrusteeKeyShare> shares) {
        ElGamal elgamal = new ElGamal(GROUP, SMALL_TABLE);
        Ciphertext c = elgamal.encrypt(registryKey, m).ciphertext();
        ProofContext ctx = ProofContext.of("release", "ceremony-test");
        List<PartialDecryption> partials = shares.stream().map(s -> ThresholdDecryption.partialDecrypt(s, c, ctx)).toList();
        return new DecryptionCombiner(shares.get(0).jointKey()).decrypt(c, ctx, partials, SMALL_TABLE);
    }
}

package org.rdregistry.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.msm.MultiScalarMultiplication.Parallelism;
import org.rdregistry.crypto.proof.BatchVerifier;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.events.EncryptedValue;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.ProofContexts;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * Throwaway timing of one schema-v1 record (not a test): points per record, client encryption, and
 * batched verification for a batch of 1 and of 50, with the square proofs ("after") and with the
 * former range proof of each square, bound 1200² = 21 bits ("before", rebuilt here with the crypto API
 * and verified the way the former RecordVerifier did). Run with the test classpath:
 * {@code java -cp <classes:test-classes:deps> org.rdregistry.registry.RecordTiming [rounds]}.
 * Wall-clock medians on whatever machine runs it; the figures vary with load.
 */
public final class RecordTiming {

    private static final GroupContext GROUP = GroupContext.p256();
    private static final RegistrySchema SCHEMA = RegistrySchema.current();

    private RecordTiming() {
    }

    /** A record the former way: the categorical fields and value range proofs of {@code s} plus square range proofs. */
    record OldRecord(RecordSubmission submission, Map<String, RangeProof> squareProofs) {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        KeyPair key = KeyPair.generate(GROUP);
        PublicKey y = key.publicKey();
        RecordEncryptor encryptor = new RecordEncryptor(SCHEMA, y);
        RecordVerifier verifier = new RecordVerifier(SCHEMA, y);
        Random rnd = new Random(1);
        List<PlaintextRecord> patients = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            patients.add(RegistryContractsTest.randomPatient(rnd, "ORPHA:558"));
        }
        // warm-up (JIT, comb tables of G and Y)
        for (int i = 0; i < 10; i++) {
            encryptor.encrypt(RegistryContractsTest.id(i), "digest-" + RegistryContractsTest.id(i), patients.get(i));
            oldEncrypt(y, RegistryContractsTest.id(i), patients.get(i));
        }

        List<RecordSubmission> fresh = new ArrayList<>();
        List<OldRecord> old = new ArrayList<>();
        long[] newClient = new long[50];
        long[] oldClient = new long[50];
        long[] newClientCpu = new long[50];
        long[] oldClientCpu = new long[50];
        for (int i = 0; i < 50; i++) {
            String id = RegistryContractsTest.id(i);
            PlaintextRecord p = patients.get(i);
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            fresh.add(encryptor.encrypt(id, "digest-" + id, p));
            newClient[i] = System.nanoTime() - t0;
            newClientCpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
            c0 = THREADS.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            old.add(oldEncrypt(y, id, p));
            oldClient[i] = System.nanoTime() - t0;
            oldClientCpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
        }

        System.out.printf("points per record: before %d, after %d%n", oldPoints(old.get(0)), newPoints(fresh.get(0)));
        String json = RegistryJson.mapper().writeValueAsString(fresh.get(0));
        System.out.printf("JSON per record: after %,d chars; before ~%,d chars (square proofs swapped for 21-bit range proofs)%n",
                json.length(), oldJsonLength(json.length(), fresh.get(0), old.get(0)));
        System.out.printf("client encrypt+prove per record (median of 50): before %.1f ms (CPU %.1f), after %.1f ms (CPU %.1f)%n",
                median(oldClient), median(oldClientCpu), median(newClient), median(newClientCpu));

        for (int n : new int[] {1, 50}) {
            List<RecordSubmission> batch = fresh.subList(0, n);
            List<OldRecord> oldBatch = old.subList(0, n);
            for (int w = 0; w < 3; w++) {
                check(verifier.verifyAll(batch).isEmpty());
                check(oldVerify(y, oldBatch));
            }
            int reps = n == 1 ? 20 * rounds : rounds;
            // interleaved, so that both see the same machine load; wall clock and CPU time of this thread
            long[][] t = new long[4][reps];
            for (int i = 0; i < reps; i++) {
                long[] a = time(() -> verifier.verifyAll(batch).isEmpty());
                long[] b = time(() -> oldVerify(y, oldBatch));
                t[0][i] = b[0];
                t[1][i] = a[0];
                t[2][i] = b[1];
                t[3][i] = a[1];
            }
            System.out.printf("batched verification, batch of %d, per record (median of %d): before %.2f ms (CPU %.2f),"
                    + " after %.2f ms (CPU %.2f)%n", n, reps, median(t[0]) / n, median(t[2]) / n, median(t[1]) / n,
                    median(t[3]) / n);
        }
        double parse = perRecord(20 * rounds, 1, () -> RegistryJson.mapper().readValue(json, RecordSubmission.class) != null);
        System.out.printf("JSON decoding of one record (after): %.2f ms%n", parse);
    }

    private static OldRecord oldEncrypt(PublicKey y, String id, PlaintextRecord p) {
        // the categorical fields and value range proofs are made exactly as now; only squares differ
        RecordSubmission s = new RecordEncryptor(noSquares(), y).encrypt(id, "digest-" + id, p);
        ProofContext base = ProofContexts.record(y, SCHEMA.version(), id);
        Map<String, RangeProof> squares = new java.util.LinkedHashMap<>();
        for (FieldSpec f : SCHEMA.fields()) {
            if (f instanceof FieldSpec.Integer i && i.squares()) {
                long v = ((Number) p.values().get(i.name())).longValue() - i.min();
                squares.put(i.name(), RangeProof.prove(GROUP, y, ProofContexts.square(base, i.name()), v * v,
                        i.bound() * i.bound()).proof());
            }
        }
        return new OldRecord(s, squares);
    }

    private static boolean oldVerify(PublicKey y, List<OldRecord> batch) {
        BatchVerifier v = new BatchVerifier(GROUP, Parallelism.SEQUENTIAL);
        for (OldRecord r : batch) {
            ProofContext base = ProofContexts.record(y, SCHEMA.version(), r.submission().recordId());
            for (FieldSpec f : SCHEMA.fields()) {
                EncryptedValue value = r.submission().fields().get(f.name());
                if (f instanceof FieldSpec.Categorical c) {
                    v.add(((EncryptedValue.Categorical) value).oneHot(), y, ProofContexts.field(base, c.name()),
                            c.categories().size());
                } else if (f instanceof FieldSpec.Integer i) {
                    v.add(((EncryptedValue.Integer) value).value(), y, ProofContexts.field(base, i.name()), i.bound());
                    if (i.squares()) {
                        v.add(r.squareProofs().get(i.name()), y, ProofContexts.square(base, i.name()), i.bound() * i.bound());
                    }
                }
            }
        }
        return v.verify().valid();
    }

    private static RegistrySchema noSquares() {
        List<FieldSpec> fields = new ArrayList<>();
        for (FieldSpec f : SCHEMA.fields()) {
            fields.add(f instanceof FieldSpec.Integer i ? new FieldSpec.Integer(i.name(), i.cde(), i.min(), i.max(), false) : f);
        }
        return new RegistrySchema(SCHEMA.version(), fields);
    }

    private static int oneHotAndValuePoints(RecordSubmission s) {
        int points = 0;
        for (EncryptedValue v : s.fields().values()) {
            if (v instanceof EncryptedValue.Categorical c) {
                OneHotEncryption o = c.oneHot();
                points += 2 * o.size() + 4 * o.size() + 2;
            } else if (v instanceof EncryptedValue.Integer i) {
                points += 6 * i.value().bitCiphertexts().size();
            }
        }
        return points;
    }

    static int newPoints(RecordSubmission s) {
        int squares = (int) s.fields().values().stream()
                .filter(v -> v instanceof EncryptedValue.Integer i && i.square() != null).count();
        return oneHotAndValuePoints(s) + 6 * squares;
    }

    static int oldPoints(OldRecord r) {
        return oneHotAndValuePoints(r.submission())
                + r.squareProofs().values().stream().mapToInt(p -> 6 * p.bitCiphertexts().size()).sum();
    }

    private static int oldJsonLength(int newLength, RecordSubmission s, OldRecord r) {
        int length = newLength;
        for (Map.Entry<String, RangeProof> e : r.squareProofs().entrySet()) {
            length -= Wire.toJson(((EncryptedValue.Integer) s.fields().get(e.getKey())).square()).length();
            length += Wire.toJson(e.getValue()).length();
        }
        return length;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** {wall, cpu} nanoseconds of one run. */
    private static long[] time(Supplier<Boolean> run) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        check(run.get());
        return new long[] {System.nanoTime() - t0, THREADS.getCurrentThreadCpuTime() - c0};
    }

    private static double perRecord(int reps, int n, Supplier<Boolean> run) {
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            check(run.get());
            t[i] = System.nanoTime() - t0;
        }
        return median(t) / n;
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("verification failed");
        }
    }
}

package org.rdregistry.crypto.proof;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.msm.MultiScalarMultiplication.Parallelism;

/**
 * Throwaway timing of batched against one-by-one verification of 0/1 proofs (not a test, not a
 * benchmark with statistics: JMH benchmarks live elsewhere). Run with
 * {@code java -cp <test-classpath> org.rdregistry.crypto.proof.BatchVerificationTiming [P-256|secp256k1] [count]}.
 * It prints milliseconds for the whole set and microseconds per proof, as wall-clock time and, for
 * the single-threaded runs, as CPU time of the calling thread (which is less disturbed by other
 * processes on a shared machine).
 */
public final class BatchVerificationTiming {

    private BatchVerificationTiming() {
    }

    public static void main(String[] args) {
        GroupContext group = GroupContext.forName(args.length > 0 ? args[0] : GroupContext.P256);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        PublicKey key = KeyPair.generate(group).publicKey();
        ProofContext base = ProofContext.of("registry-key", "timing").with("schema", "v1");
        List<ZeroOneProof.ProvenBit> bits = new ArrayList<>(count);
        List<ProofContext> contexts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ProofContext ctx = base.with("record", i).with("field", "flag");
            contexts.add(ctx);
            bits.add(ZeroOneProof.encryptAndProve(group, key, ctx, i & 1));
        }
        System.out.printf("%s, %d zero-one proofs, %d processors%n", group.name(), count,
                Runtime.getRuntime().availableProcessors());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            boolean single = true;
            for (int i = 0; i < count; i++) {
                single &= bits.get(i).proof().verify(group, key, contexts.get(i), bits.get(i).ciphertext()).valid();
            }
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            boolean seq = batch(group, key, bits, contexts, Parallelism.SEQUENTIAL);
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            boolean par = batch(group, key, bits, contexts, Parallelism.AUTO);
            long t3 = System.nanoTime();
            System.out.printf("round %d: single %.0f ms = %.0f us/proof (cpu %.0f us) | batch, 1 thread %.1f ms = %.0f"
                    + " us/proof (cpu %.0f us) | batch, parallel %.1f ms = %.0f us/proof | all valid: %s%n", round,
                    ms(t1 - t0), us(t1 - t0, count), us(c1 - c0, count), ms(t2 - t1), us(t2 - t1, count),
                    us(c2 - c1, count), ms(t3 - t2), us(t3 - t2, count), single && seq && par);
        }
    }

    private static boolean batch(GroupContext group, PublicKey key, List<ZeroOneProof.ProvenBit> bits,
                                 List<ProofContext> contexts, Parallelism parallelism) {
        BatchVerifier verifier = new BatchVerifier(group, parallelism);
        for (int i = 0; i < bits.size(); i++) {
            verifier.add(bits.get(i).proof(), key, contexts.get(i), bits.get(i).ciphertext());
        }
        return verifier.verify().valid();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double us(long nanos, int count) {
        return nanos / 1e3 / count;
    }
}

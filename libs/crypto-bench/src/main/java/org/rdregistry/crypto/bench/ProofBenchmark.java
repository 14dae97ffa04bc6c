package org.rdregistry.crypto.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.msm.MultiScalarMultiplication.Parallelism;
import org.rdregistry.crypto.proof.BatchResult;
import org.rdregistry.crypto.proof.BatchVerifier;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;
import org.rdregistry.crypto.proof.VerificationResult;
import org.rdregistry.crypto.proof.ZeroOneProof;

/** 0/1 proofs one by one and batched, and range proofs for [0, 1200] (spec §3). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ProofBenchmark {

    static final int BATCH = 1_000;

    @Param({"P-256"})
    public String curve;

    private GroupContext group;
    private PublicKey key;
    private ProofContext context;
    private Encryption bit;
    private ZeroOneProof proof;
    private List<ZeroOneProof.ProvenBit> batch;
    private List<ProofContext> batchContexts;
    private RangeProof range;
    private RangeProof.Result rangeResult;
    private SquareProof square;
    private ProofContext squareContext;

    @Setup(Level.Trial)
    public void setUp() {
        group = GroupContext.forName(curve);
        key = KeyPair.generate(group).publicKey();
        context = ProofContext.of("record", "bench").with("field", "sex");
        ZeroOneProof.ProvenBit proven = ZeroOneProof.encryptAndProve(group, key, context, 1);
        bit = proven.encryption();
        proof = proven.proof();
        batch = new ArrayList<>();
        batchContexts = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            ProofContext c = ProofContext.of("record", "bench-" + i).with("field", "f");
            batchContexts.add(c);
            batch.add(ZeroOneProof.encryptAndProve(group, key, c, i & 1));
        }
        rangeResult = RangeProof.prove(group, key, context, 777, 1200);
        range = rangeResult.proof();
        squareContext = context.with("part", "square");
        square = SquareProof.prove(group, key, squareContext, 777, rangeResult.value());
    }

    @Benchmark
    public ZeroOneProof zeroOneProve() {
        return ZeroOneProof.prove(group, key, context, bit, 1);
    }

    @Benchmark
    public VerificationResult zeroOneVerify() {
        return proof.verify(group, key, context, bit.ciphertext());
    }

    /** Amortised per proof: 1,000 proofs verified as one random linear combination on one thread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public BatchResult zeroOneBatchVerify1000Sequential() {
        return batchVerify(Parallelism.SEQUENTIAL);
    }

    /** Amortised per proof: the same batch with the MSM windows spread over the available cores. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public BatchResult zeroOneBatchVerify1000Parallel() {
        return batchVerify(Parallelism.AUTO);
    }

    private BatchResult batchVerify(Parallelism parallelism) {
        BatchVerifier verifier = new BatchVerifier(group, parallelism);
        for (int i = 0; i < BATCH; i++) {
            verifier.add(batch.get(i).proof(), key, batchContexts.get(i), batch.get(i).encryption().ciphertext());
        }
        BatchResult result = verifier.verify();
        if (!result.valid()) {
            throw new IllegalStateException("benchmark batch must verify");
        }
        return result;
    }

    @Benchmark
    public RangeProof.Result rangeProve1200() {
        return RangeProof.prove(group, key, context, 777, 1200);
    }

    @Benchmark
    public VerificationResult rangeVerify1200() {
        return range.verify(group, key, context, 1200);
    }

    /** The square of a range-proven value, bound to the value (what replaced a 21-bit range proof). */
    @Benchmark
    public SquareProof squareProve() {
        return SquareProof.prove(group, key, squareContext, 777, rangeResult.value());
    }

    @Benchmark
    public VerificationResult squareVerify() {
        return square.verify(group, key, squareContext, rangeResult.value().ciphertext());
    }

    @Benchmark
    public BatchResult squareVerifyBatched() {
        BatchVerifier verifier = new BatchVerifier(group, Parallelism.SEQUENTIAL);
        verifier.add(square, key, squareContext, rangeResult.value().ciphertext());
        return verifier.verify();
    }

    @Benchmark
    public BatchResult rangeVerify1200Batched() {
        BatchVerifier verifier = new BatchVerifier(group, Parallelism.SEQUENTIAL);
        verifier.add(range, key, context, 1200);
        return verifier.verify();
    }
}

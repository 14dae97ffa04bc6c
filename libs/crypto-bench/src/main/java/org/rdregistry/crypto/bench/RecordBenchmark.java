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
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.msm.MultiScalarMultiplication.Parallelism;
import org.rdregistry.crypto.proof.BatchResult;
import org.rdregistry.crypto.proof.BatchVerifier;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;

/**
 * The whole cost of one registry record of 40 encrypted fields, shaped like the EU RD common data
 * elements: 9 one-hot fields with 37 cells in all (sex 4, age band 8, vital status 4, onset band 7,
 * genetic diagnosis 3, contact consent 2, reuse consent 2, biosample 2, disability 5) and 3 integers
 * in [0, 1200] months (onset, diagnosis, diagnostic delay), i.e. 70 ciphertexts with 70 0/1 proofs and
 * 9 sum proofs. With {@code squares = true} each integer also carries the encryption of its square
 * with a {@link SquareProof} bound to the range proof's value ciphertext, as registry schema v1 does
 * (the verifier derives the value ciphertext, as the registry's record verifier does). "client" is what
 * a hospital pays to encrypt and prove one record; "verify" is what intake pays to check it, alone or
 * amortised over a batch of 100 records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class RecordBenchmark {

    static final int[] CATEGORY_COUNTS = {4, 8, 4, 7, 3, 2, 2, 2, 5};
    static final int RANGE_FIELDS = 3;
    static final long BOUND = 1200;
    static final int RECORDS_PER_BATCH = 100;

    /** One record's ciphertexts and proofs, as intake receives them. */
    record Record(String id, List<OneHotEncryption> categorical, List<RangeProof> numeric, List<SquareProof> squares) {
    }

    @Param({"P-256"})
    public String curve;

    /** false: the record shape of the README figures (no squares); true: with proven squares. */
    @Param({"false", "true"})
    public boolean squares;

    private GroupContext group;
    private PublicKey key;
    private Record one;
    private List<Record> hundred;
    private int counter;

    @Setup(Level.Trial)
    public void setUp() {
        group = GroupContext.forName(curve);
        key = KeyPair.generate(group).publicKey();
        one = encryptRecord("record-0");
        hundred = new ArrayList<>();
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            hundred.add(encryptRecord("record-" + i));
        }
    }

    private Record encryptRecord(String id) {
        ProofContext base = ProofContext.of("registry-key", key.encoded()).with("schema", "1").with("record", id);
        List<OneHotEncryption> categorical = new ArrayList<>();
        for (int f = 0; f < CATEGORY_COUNTS.length; f++) {
            int category = (counter++ * 7 + f) % CATEGORY_COUNTS[f];
            categorical.add(OneHotEncryption.prove(group, key, base.with("field", "c" + f), category, CATEGORY_COUNTS[f]));
        }
        List<RangeProof> numeric = new ArrayList<>();
        List<SquareProof> squareProofs = new ArrayList<>();
        for (int f = 0; f < RANGE_FIELDS; f++) {
            long value = (counter++ * 37L + f * 101L) % (BOUND + 1);
            RangeProof.Result range = RangeProof.prove(group, key, base.with("field", "n" + f), value, BOUND);
            numeric.add(range.proof());
            if (squares) {
                squareProofs.add(SquareProof.prove(group, key, base.with("field", "n" + f).with("part", "square"), value,
                        range.value()));
            }
        }
        return new Record(id, categorical, numeric, squareProofs);
    }

    private void addRecord(BatchVerifier verifier, Record r) {
        ProofContext base = ProofContext.of("registry-key", key.encoded()).with("schema", "1").with("record", r.id());
        for (int f = 0; f < CATEGORY_COUNTS.length; f++) {
            verifier.add(r.categorical().get(f), key, base.with("field", "c" + f), CATEGORY_COUNTS[f]);
        }
        for (int f = 0; f < RANGE_FIELDS; f++) {
            verifier.add(r.numeric().get(f), key, base.with("field", "n" + f), BOUND);
            if (squares) {
                verifier.add(r.squares().get(f), key, base.with("field", "n" + f).with("part", "square"),
                        r.numeric().get(f), BOUND);
            }
        }
    }

    @Benchmark
    public Record clientEncryptAndProveRecord() {
        return encryptRecord("record-x");
    }

    @Benchmark
    public BatchResult verifyOneRecordBatched() {
        BatchVerifier verifier = new BatchVerifier(group, Parallelism.SEQUENTIAL);
        addRecord(verifier, one);
        return requireValid(verifier.verify());
    }

    /** Amortised per record over a batch of 100 records (one intake batch). */
    @Benchmark
    @OperationsPerInvocation(RECORDS_PER_BATCH)
    public BatchResult verifyRecordsBatchedPer100() {
        BatchVerifier verifier = new BatchVerifier(group, Parallelism.SEQUENTIAL);
        for (Record r : hundred) {
            addRecord(verifier, r);
        }
        return requireValid(verifier.verify());
    }

    private static BatchResult requireValid(BatchResult result) {
        if (!result.valid()) {
            throw new IllegalStateException("benchmark record must verify: " + result.toVerificationResult());
        }
        return result;
    }
}

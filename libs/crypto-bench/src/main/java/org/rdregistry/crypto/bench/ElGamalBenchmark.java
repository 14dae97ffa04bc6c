package org.rdregistry.crypto.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;

/** Encryption, homomorphic addition and BSGS decryption (spec §2). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ElGamalBenchmark {

    @Param({"P-256"})
    public String curve;

    private GroupContext group;
    private ElGamal elgamal;
    private KeyPair keyPair;
    private Ciphertext a;
    private Ciphertext b;
    private Ciphertext aggregate;
    private Ciphertext worstCase;
    private Ciphertext mid;
    private Ciphertext small;
    private Ciphertext negativeWorstCase;

    @Setup(Level.Trial)
    public void setUp() {
        group = GroupContext.forName(curve);
        elgamal = new ElGamal(group);
        keyPair = KeyPair.generate(group);
        a = elgamal.encrypt(keyPair.publicKey(), 1).ciphertext();
        b = elgamal.encrypt(keyPair.publicKey(), 0).ciphertext();
        aggregate = a.add(b);
        worstCase = elgamal.encrypt(keyPair.publicKey(), (1L << 32) - 1).ciphertext();
        mid = elgamal.encrypt(keyPair.publicKey(), 1_234_567_890L).ciphertext();
        small = elgamal.encrypt(keyPair.publicKey(), 1_200).ciphertext();
        negativeWorstCase = elgamal.encrypt(keyPair.publicKey(), -(1L << 32)).ciphertext();
        elgamal.discreteLog().warmUp();
    }

    @Benchmark
    public Ciphertext encrypt() {
        return elgamal.encrypt(keyPair.publicKey(), 1).ciphertext();
    }

    /** Adding one affine ciphertext (as decoded from the wire) to a running projective aggregate. */
    @Benchmark
    public Ciphertext addToAggregate() {
        aggregate = aggregate.add(a);
        return aggregate;
    }

    @Benchmark
    public Ciphertext addTwoFresh() {
        return a.add(b);
    }

    @Benchmark
    public long decryptWorstCase2pow32() {
        return elgamal.decrypt(keyPair, worstCase);
    }

    /** Large negative values are searched after the whole positive range (spec §2.3). */
    @Benchmark
    public long decryptNegativeWorstCase() {
        return elgamal.decrypt(keyPair, negativeWorstCase);
    }

    @Benchmark
    public long decryptRandomLarge() {
        return elgamal.decrypt(keyPair, mid);
    }

    @Benchmark
    public long decryptSmall() {
        return elgamal.decrypt(keyPair, small);
    }
}

package org.rdregistry.crypto.bench;

import java.util.List;
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
import org.rdregistry.crypto.decrypt.CombinedDecryption;
import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchResult;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;

/**
 * Threshold operations with 2-of-3 trustees (spec §4, §5): one trustee's partial decryption with its
 * proof, combination of 2 shares (verifying both proofs and solving the discrete log), one trustee's
 * key-switch share, and combination of 2 key-switch shares (verifying both).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ThresholdBenchmark {

    @Param({"P-256"})
    public String curve;

    private TestOnlyTrustedDealer.Deal deal;
    private Ciphertext ciphertext;
    private ProofContext context;
    private List<PartialDecryption> partials;
    private DecryptionCombiner combiner;
    private ElGamal elgamal;
    private KeyPair target;
    private List<KeySwitchShare> switchShares;
    private KeySwitchCombiner switchCombiner;

    @Setup(Level.Trial)
    public void setUp() {
        GroupContext group = GroupContext.forName(curve);
        elgamal = new ElGamal(group);
        elgamal.discreteLog().warmUp();
        deal = TestOnlyTrustedDealer.deal(group, 2, 3);
        ciphertext = elgamal.encrypt(deal.jointKey().publicKey(), 4_321).ciphertext();
        context = ProofContext.of("release", "bench");
        partials = List.of(ThresholdDecryption.partialDecrypt(deal.share(1), ciphertext, context),
                ThresholdDecryption.partialDecrypt(deal.share(2), ciphertext, context));
        combiner = new DecryptionCombiner(deal.jointKey());
        target = KeyPair.generate(group);
        switchShares = List.of(KeySwitch.createShare(deal.share(1), ciphertext, target.publicKey(), context),
                KeySwitch.createShare(deal.share(3), ciphertext, target.publicKey(), context));
        switchCombiner = new KeySwitchCombiner(deal.jointKey());
    }

    @Benchmark
    public PartialDecryption partialDecrypt() {
        return ThresholdDecryption.partialDecrypt(deal.share(1), ciphertext, context);
    }

    @Benchmark
    public long combineAndDecrypt() {
        return combiner.decrypt(ciphertext, context, partials, elgamal.discreteLog());
    }

    @Benchmark
    public CombinedDecryption combineToPoint() {
        return combiner.combine(ciphertext, context, partials);
    }

    @Benchmark
    public KeySwitchShare keySwitchShare() {
        return KeySwitch.createShare(deal.share(2), ciphertext, target.publicKey(), context);
    }

    @Benchmark
    public KeySwitchResult keySwitchCombine() {
        return switchCombiner.combine(ciphertext, target.publicKey(), context, switchShares);
    }
}

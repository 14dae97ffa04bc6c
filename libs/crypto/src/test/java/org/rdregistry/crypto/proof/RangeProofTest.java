package org.rdregistry.crypto.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class RangeProofTest {

    private static final GroupContext GROUP = GroupContext.p256();
    private static final ProofContext CONTEXT = ProofContext.of("registry-key", "rk-1").with("schema", "v1")
            .with("record", "rec-9").with("field", "age-at-onset-months");
    private static KeyPair keyPair;
    private static ElGamal elgamal;

    @BeforeAll
    static void setUp() {
        keyPair = KeyPair.generate(GROUP);
        // 2^16 baby steps decode up to 2^32 with 2^15 giant steps: fast to build, fast enough to solve
        elgamal = new ElGamal(GROUP, new DiscreteLog(GROUP, 1 << 16, 1L << 32));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 7, 8, 1200, 1L << 32})
    void edgesVerifyAndTheDerivedCiphertextDecryptsToTheValue(long bound) {
        PublicKey key = keyPair.publicKey();
        for (long v : new long[] {0, bound, bound / 2}) {
            RangeProof.Result r = RangeProof.prove(GROUP, key, CONTEXT, v, bound);
            assertThat(r.proof().bitCiphertexts()).hasSize(64 - Long.numberOfLeadingZeros(bound));
            assertThat(r.proof().verify(GROUP, key, CONTEXT, bound)).isEqualTo(VerificationResult.ok());
            assertThat(r.proof().verify(GROUP, key, CONTEXT, bound, r.value().ciphertext()).valid()).isTrue();
            assertThat(elgamal.decrypt(keyPair, r.value().ciphertext())).as("v=%d B=%d", v, bound).isEqualTo(v);
            // the returned randomness really is the randomness of the derived ciphertext
            Encryption again = elgamal.encrypt(key, BigInteger.valueOf(v), r.value().randomness());
            assertThat(again.ciphertext()).isEqualTo(r.value().ciphertext());
        }
    }

    @Test
    void secp256k1Works() {
        GroupContext k1 = GroupContext.secp256k1();
        KeyPair kp = KeyPair.generate(k1);
        RangeProof.Result r = RangeProof.prove(k1, kp.publicKey(), CONTEXT, 1199, 1200);
        assertThat(r.proof().verify(k1, kp.publicKey(), CONTEXT, 1200, r.value().ciphertext()).valid()).isTrue();
        assertThat(new ElGamal(k1, new DiscreteLog(k1, 1 << 6, 1 << 12)).decrypt(kp, r.value().ciphertext()))
                .isEqualTo(1199);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 7, 8, 1200, 1L << 32})
    void proverRefusesValuesOutsideTheRange(long bound) {
        PublicKey key = keyPair.publicKey();
        assertThatThrownBy(() -> RangeProof.prove(GROUP, key, CONTEXT, bound + 1, bound))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the declared range")
                .hasMessageNotContaining(Long.toString(bound + 1));
        assertThatThrownBy(() -> RangeProof.prove(GROUP, key, CONTEXT, -1, bound))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the declared range");
    }

    @Test
    void boundsOutsideOneToTwoToThe32AreRefused() {
        PublicKey key = keyPair.publicKey();
        assertThatThrownBy(() -> RangeProof.prove(GROUP, key, CONTEXT, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RangeProof.prove(GROUP, key, CONTEXT, 0, (1L << 32) + 1))
                .isInstanceOf(IllegalArgumentException.class);
        RangeProof p = RangeProof.prove(GROUP, key, CONTEXT, 1, 1).proof();
        assertThat(p.verify(GROUP, key, CONTEXT, 0).check()).isEqualTo("R.1");
    }

    /** Weights: Σ_i w_i·b_i over all bit vectors is exactly {0, ..., B} (enumerated for small B). */
    /** Σ w_i·C_i against one plain multiplication per bit, for any points (the derivation ignores the proofs). */
    @Property(tries = 40)
    void theDerivedCiphertextIsTheWeightedSumOfTheBits(@ForAll @LongRange(min = 1, max = 1L << 32) long bound,
                                                       @ForAll long seed) {
        long[] w = RangeProof.weights(bound);
        java.util.Random random = new java.util.Random(seed);
        List<Ciphertext> bits = new ArrayList<>();
        ECPoint alpha = GROUP.infinity();
        ECPoint beta = GROUP.infinity();
        for (long wi : w) {
            Ciphertext c = new Ciphertext(GROUP.generator().multiply(new BigInteger(200, random).add(BigInteger.ONE)),
                    GROUP.generator().multiply(new BigInteger(200, random).add(BigInteger.ONE))).normalize();
            bits.add(c);
            alpha = alpha.add(c.alpha().multiply(BigInteger.valueOf(wi)));
            beta = beta.add(c.beta().multiply(BigInteger.valueOf(wi)));
        }
        RangeProof proof = new RangeProof(bits, List.of());
        assertThat(proof.valueCiphertext(GROUP, bound)).isEqualTo(new Ciphertext(alpha, beta).normalize());
    }

    @Property(tries = 60)
    void weightsCoverExactlyZeroToB(@ForAll @LongRange(min = 1, max = 3000) long bound) {
        long[] w = RangeProof.weights(bound);
        assertThat(w).hasSize(64 - Long.numberOfLeadingZeros(bound));
        Set<Long> sums = new HashSet<>();
        for (int mask = 0; mask < (1 << w.length); mask++) {
            long s = 0;
            for (int i = 0; i < w.length; i++) {
                if ((mask >> i & 1) == 1) {
                    s += w[i];
                }
            }
            sums.add(s);
        }
        assertThat(sums).hasSize((int) bound + 1);
        assertThat(sums.stream().mapToLong(Long::longValue).min().orElseThrow()).isZero();
        assertThat(sums.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(bound);
    }

    @Test
    void weightsOfLargeBounds() {
        assertThat(RangeProof.weights(1)).containsExactly(1);
        assertThat(RangeProof.weights(8)).containsExactly(1, 2, 4, 1);
        assertThat(RangeProof.weights(1200)).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1200 - 1023);
        long[] w = RangeProof.weights(1L << 32);
        assertThat(w).hasSize(33);
        assertThat(w[32]).isEqualTo(1);
        assertThat(w[31]).isEqualTo(1L << 31);
    }

    @Test
    void tamperedBitsFail() {
        PublicKey key = keyPair.publicKey();
        long bound = 1200;
        RangeProof p = RangeProof.prove(GROUP, key, CONTEXT, 1000, bound).proof();
        // bit 3 ciphertext turned into an encryption of b + 1
        List<Ciphertext> cts = new ArrayList<>(p.bitCiphertexts());
        cts.set(3, cts.get(3).addPlaintext(GROUP, 1));
        VerificationResult r = new RangeProof(cts, p.bitProofs()).verify(GROUP, key, CONTEXT, bound);
        assertThat(r.check()).isEqualTo("R.2");
        // every bit's context binds all bit ciphertexts, so the first bit proof already fails
        assertThat(r.reason()).startsWith("bit 0");
        // bits of two proofs of the same field (same context) cannot be mixed into a third value
        RangeProof other = RangeProof.prove(GROUP, key, CONTEXT, 3, bound).proof();
        List<Ciphertext> mixed = new ArrayList<>(p.bitCiphertexts());
        List<ZeroOneProof> mixedProofs = new ArrayList<>(p.bitProofs());
        mixed.set(0, other.bitCiphertexts().get(0));
        mixedProofs.set(0, other.bitProofs().get(0));
        assertThat(new RangeProof(mixed, mixedProofs).verify(GROUP, key, CONTEXT, bound).check()).isEqualTo("R.2");
        // bits 0 and 1 swapped together with their proofs: bound to the index
        List<Ciphertext> swapped = new ArrayList<>(p.bitCiphertexts());
        List<ZeroOneProof> swappedProofs = new ArrayList<>(p.bitProofs());
        swapped.set(0, p.bitCiphertexts().get(1));
        swapped.set(1, p.bitCiphertexts().get(0));
        swappedProofs.set(0, p.bitProofs().get(1));
        swappedProofs.set(1, p.bitProofs().get(0));
        assertThat(new RangeProof(swapped, swappedProofs).verify(GROUP, key, CONTEXT, bound).check()).isEqualTo("R.2");
        // bit proofs are bound to B: same number of bits, other bound
        assertThat(p.verify(GROUP, key, CONTEXT, 1201).check()).isEqualTo("R.2");
        assertThat(p.verify(GROUP, key, CONTEXT, 2047).check()).isEqualTo("R.2");
        assertThat(p.verify(GROUP, key, CONTEXT, 4095).check()).isEqualTo("R.1");
        // and to the context
        assertThat(p.verify(GROUP, key, CONTEXT.with("x", "y"), bound).check()).isEqualTo("R.2");
        // a missing bit
        assertThat(new RangeProof(cts.subList(0, 10), p.bitProofs().subList(0, 10)).verify(GROUP, key, CONTEXT, bound)
                .check()).isEqualTo("R.1");
    }

    @Test
    void claimedValueMustBeTheWeightedSum() {
        PublicKey key = keyPair.publicKey();
        long bound = 1200;
        RangeProof.Result r = RangeProof.prove(GROUP, key, CONTEXT, 777, bound);
        RangeProof p = r.proof();
        // tampered weight: the top bit weighted 1024 instead of 177
        long[] w = RangeProof.weights(bound);
        w[w.length - 1] = 1024;
        assertThat(p.verify(GROUP, key, CONTEXT, bound, weightedSum(p, w)).check()).isEqualTo("R.3");
        long[] w2 = RangeProof.weights(bound);
        w2[0] = 2;
        assertThat(p.verify(GROUP, key, CONTEXT, bound, weightedSum(p, w2)).check()).isEqualTo("R.3");
        // the right weights, computed here independently, give the claimed value
        assertThat(weightedSum(p, RangeProof.weights(bound))).isEqualTo(r.value().ciphertext());
        // another encryption of the same value is not the derived ciphertext
        Ciphertext other = elgamal.encrypt(key, 777).ciphertext();
        assertThat(p.verify(GROUP, key, CONTEXT, bound, other).check()).isEqualTo("R.3");
        ECPoint offCurve = ZeroOneProofTest.offCurve(GROUP);
        assertThat(p.verify(GROUP, key, CONTEXT, bound, new Ciphertext(offCurve, other.beta())).check())
                .isEqualTo("R.3");
    }

    private static Ciphertext weightedSum(RangeProof p, long[] w) {
        Ciphertext acc = Ciphertext.zero(GROUP);
        for (int i = 0; i < w.length; i++) {
            acc = acc.add(p.bitCiphertexts().get(i).multiply(GROUP, w[i]));
        }
        return acc.normalize();
    }
}

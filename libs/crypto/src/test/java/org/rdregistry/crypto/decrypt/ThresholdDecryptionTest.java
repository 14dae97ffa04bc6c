package org.rdregistry.crypto.decrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.CeremonyHarness;
import org.rdregistry.crypto.proof.DleqProof;
import org.rdregistry.crypto.proof.VerificationException;
import org.rdregistry.crypto.proof.VerificationResult;

class ThresholdDecryptionTest {

    private static final GroupContext P256 = GroupContext.p256();
    private static final ProofContext CONTEXT = ProofContext.of("release", "r-42").with("cohort", "ORPHA:558");

    @Provide
    Arbitrary<ThresholdSetup> setups() {
        return Arbitraries.of(ThresholdSetup.ceremony(P256, 3, 5), ThresholdSetup.dealer(P256, 3, 5));
    }

    @Property(tries = 12)
    void everyThresholdSubsetDecryptsThePlaintext(@ForAll("setups") ThresholdSetup setup,
                                                  @ForAll @LongRange(min = -(1 << 20), max = 1 << 20) long m) {
        ElGamal elgamal = new ElGamal(P256, ThresholdSetup.smallLog(P256));
        Ciphertext c = elgamal.encrypt(setup.key().publicKey(), m).ciphertext();
        List<PartialDecryption> all = partials(setup, c, CONTEXT);
        DecryptionCombiner combiner = new DecryptionCombiner(setup.key());
        List<List<Integer>> subsets = CeremonyHarness.subsets(List.of(1, 2, 3, 4, 5), 3);
        assertThat(subsets).hasSize(10);
        for (List<Integer> subset : subsets) {
            List<PartialDecryption> chosen = subset.stream().map(i -> all.get(i - 1)).toList();
            assertThat(combiner.decrypt(c, CONTEXT, chosen, ThresholdSetup.smallLog(P256))).as("subset %s", subset)
                    .isEqualTo(m);
        }
        // Cross-check against the joint secret: M = beta - x*alpha.
        assertThat(combiner.combineToPoint(c, CONTEXT, all)).isEqualTo(elgamal.decryptToPoint(setup.jointSecret(), c));
    }

    @Test
    void fewerThanThresholdFailsClearly() {
        ThresholdSetup setup = ThresholdSetup.ceremony(P256, 3, 5);
        Ciphertext c = encrypt(setup, 7);
        List<PartialDecryption> all = partials(setup, c, CONTEXT);
        DecryptionCombiner combiner = new DecryptionCombiner(setup.key());
        assertThatThrownBy(() -> combiner.combine(c, CONTEXT, List.of(all.get(0), all.get(4))))
                .isInstanceOf(InsufficientSharesException.class)
                .hasMessageContaining("T.5").hasMessageContaining("2 valid").hasMessageContaining("threshold is 3");
        PartialDecryption bad = tamperShare(setup.group(), all.get(3));
        assertThatThrownBy(() -> combiner.combine(c, CONTEXT, List.of(all.get(0), bad, all.get(4))))
                .isInstanceOfSatisfying(InsufficientSharesException.class, e -> {
                    assertThat(e.invalidTrustees()).containsExactly(4);
                    assertThat(e.validTrustees()).isEqualTo(2);
                    assertThat(e.invalidShares().get(0).check()).isEqualTo("T.3");
                })
                .hasMessageContaining("trustee 4");
        assertThatThrownBy(() -> combiner.combine(c, CONTEXT, List.of())).isInstanceOf(InsufficientSharesException.class);
    }

    @Test
    void tamperedOrMisdirectedSharesFailVerification() {
        ThresholdSetup setup = ThresholdSetup.ceremony(P256, 3, 5);
        GroupContext g = setup.group();
        Ciphertext c = encrypt(setup, 11);
        Ciphertext other = encrypt(setup, 11);
        PartialDecryption good = ThresholdDecryption.partialDecrypt(setup.share(2), c, CONTEXT);
        assertThat(ThresholdDecryption.verify(setup.key(), c, CONTEXT, good).valid()).isTrue();

        assertThat(check(setup, c, CONTEXT, tamperShare(g, good))).isEqualTo("T.3");
        assertThat(check(setup, other, CONTEXT, good)).as("proof for another ciphertext").isEqualTo("T.3");
        Ciphertext sameAlphaOtherBeta = new Ciphertext(c.alpha(), c.beta().add(g.generator()));
        assertThat(check(setup, sameAlphaOtherBeta, CONTEXT, good)).as("beta is bound too").isEqualTo("T.3");
        assertThat(check(setup, c, ProofContext.of("release", "r-43").with("cohort", "ORPHA:558"), good))
                .as("another context").isEqualTo("T.3");
        PartialDecryption relabelled = new PartialDecryption(3, good.share(), good.proof());
        assertThat(check(setup, c, CONTEXT, relabelled)).as("another trustee's verification key").isEqualTo("T.3");
        // A correct D_i with a proof made for trustee 3's index but trustee 2's key still fails.
        PartialDecryption byThree = ThresholdDecryption.partialDecrypt(setup.share(3), c, CONTEXT);
        assertThat(check(setup, c, CONTEXT, new PartialDecryption(2, byThree.share(), byThree.proof()))).isEqualTo("T.3");
        // The same shares under a key from another ceremony.
        ThresholdSetup otherKey = ThresholdSetup.dealer(P256, 3, 5);
        assertThat(ThresholdDecryption.verify(otherKey.key(), c, CONTEXT, good).check()).isEqualTo("T.3");
        // Form checks.
        assertThat(check(setup, c, CONTEXT, new PartialDecryption(0, good.share(), good.proof()))).isEqualTo("T.2");
        assertThat(check(setup, c, CONTEXT, new PartialDecryption(6, good.share(), good.proof()))).isEqualTo("T.2");
        assertThat(check(setup, c, CONTEXT, new PartialDecryption(2, g.infinity(), good.proof()))).isEqualTo("T.2");
        PartialDecryption k1 = new PartialDecryption(2, GroupContext.secp256k1().generator(), good.proof());
        assertThat(check(setup, c, CONTEXT, k1)).as("point of another curve").isEqualTo("T.2");
        DleqProof zOutOfRange = new DleqProof(good.proof().a1(), good.proof().a2(), g.order());
        assertThat(check(setup, c, CONTEXT, new PartialDecryption(2, good.share(), zOutOfRange))).isEqualTo("T.3");
    }

    @Test
    void combinerIdentifiesExactlyTheBadTrusteesAndDecryptsWithTheRest() {
        ThresholdSetup setup = ThresholdSetup.ceremony(P256, 3, 5);
        Ciphertext c = encrypt(setup, -12345);
        List<PartialDecryption> shares = new ArrayList<>(partials(setup, c, CONTEXT));
        shares.set(1, tamperShare(setup.group(), shares.get(1)));                              // trustee 2: wrong D
        shares.set(3, ThresholdDecryption.partialDecrypt(setup.share(4), encrypt(setup, 1), CONTEXT)); // 4: other ciphertext
        DecryptionCombiner combiner = new DecryptionCombiner(setup.key());
        assertThat(combiner.identifyInvalid(c, CONTEXT, shares)).extracting(InvalidShare::trusteeIndex)
                .containsExactly(2, 4);
        CombinedDecryption result = combiner.combine(c, CONTEXT, shares);
        assertThat(result.invalidShares()).extracting(InvalidShare::trusteeIndex, InvalidShare::check)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "T.3"), org.assertj.core.groups.Tuple.tuple(4, "T.3"));
        assertThat(result.usedTrustees()).containsExactly(1, 3, 5);
        assertThat(ThresholdSetup.smallLog(P256).solve(result.plaintextPoint())).isEqualTo(-12345);
        assertThat(combiner.identifyInvalid(c, CONTEXT, partials(setup, c, CONTEXT))).isEmpty();
    }

    @Test
    void duplicatesOfOneTrusteeCountOnce() {
        ThresholdSetup setup = ThresholdSetup.dealer(P256, 3, 5);
        Ciphertext c = encrypt(setup, 99);
        List<PartialDecryption> all = partials(setup, c, CONTEXT);
        PartialDecryption again = ThresholdDecryption.partialDecrypt(setup.share(1), c, CONTEXT); // fresh proof, same D
        DecryptionCombiner combiner = new DecryptionCombiner(setup.key());
        assertThatThrownBy(() -> combiner.combine(c, CONTEXT, List.of(all.get(0), all.get(0), again, all.get(1))))
                .isInstanceOfSatisfying(InsufficientSharesException.class, e -> assertThat(e.validTrustees()).isEqualTo(2));
        CombinedDecryption r = combiner.combine(c, CONTEXT, List.of(all.get(0), again, all.get(1), all.get(1), all.get(2)));
        assertThat(r.usedTrustees()).containsExactly(1, 2, 3);
        assertThat(ThresholdSetup.smallLog(P256).solve(r.plaintextPoint())).isEqualTo(99);
        // An invalid copy under a valid trustee's index is reported, the valid copy is still used.
        CombinedDecryption r2 = combiner.combine(c, CONTEXT,
                List.of(tamperShare(setup.group(), all.get(0)), all.get(0), all.get(1), all.get(2)));
        assertThat(r2.invalidShares()).extracting(InvalidShare::trusteeIndex).containsExactly(1);
        assertThat(r2.usedTrustees()).containsExactly(1, 2, 3);
    }

    @Test
    void homomorphicAggregateDecryptsAndMalformedCiphertextIsRejected() {
        ThresholdSetup setup = ThresholdSetup.ceremony(P256, 3, 5);
        Ciphertext sum = Ciphertext.zero(P256);
        for (long v : new long[] {5, 17, -3, 1000}) {
            sum = sum.add(encrypt(setup, v));
        }
        Ciphertext total = sum;
        List<PartialDecryption> shares = partials(setup, total, CONTEXT).subList(2, 5);
        assertThat(new DecryptionCombiner(setup.key()).decrypt(total, CONTEXT, shares, ThresholdSetup.smallLog(P256)))
                .isEqualTo(1019);

        Ciphertext degenerate = total.subtract(total); // alpha = O: nothing to decrypt with a key
        assertThatThrownBy(() -> ThresholdDecryption.partialDecrypt(setup.share(1), degenerate, CONTEXT))
                .hasMessageContaining("T.1");
        assertThatThrownBy(() -> new DecryptionCombiner(setup.key()).combine(degenerate, CONTEXT, shares))
                .isInstanceOf(VerificationException.class).hasMessageContaining("T.1");
    }

    @Test
    void worksOnSecp256k1AndForGroupElements() {
        GroupContext k1 = GroupContext.secp256k1();
        ThresholdSetup setup = ThresholdSetup.ceremony(k1, 2, 3);
        ECPoint m = k1.multiplyG(k1.randomScalar()); // e.g. the key element of a hybrid blob
        BigInteger r = k1.randomScalar();
        PublicKey y = setup.key().publicKey();
        Ciphertext c = new Ciphertext(k1.multiplyG(r), m.add(k1.multiplyPublic(y.point(), r)).normalize());
        List<PartialDecryption> shares = List.of(ThresholdDecryption.partialDecrypt(setup.share(3), c, CONTEXT),
                ThresholdDecryption.partialDecrypt(setup.share(1), c, CONTEXT));
        assertThat(new DecryptionCombiner(setup.key()).combineToPoint(c, CONTEXT, shares)).isEqualTo(m.normalize());
    }

    // ---- helpers ----

    static Ciphertext encrypt(ThresholdSetup setup, long m) {
        return new ElGamal(setup.group(), ThresholdSetup.smallLog(setup.group())).encrypt(setup.key().publicKey(), m)
                .ciphertext();
    }

    static List<PartialDecryption> partials(ThresholdSetup setup, Ciphertext c, ProofContext context) {
        return setup.shares().stream().map(s -> ThresholdDecryption.partialDecrypt(s, c, context)).toList();
    }

    static PartialDecryption tamperShare(GroupContext g, PartialDecryption p) {
        return new PartialDecryption(p.trusteeIndex(), p.share().add(g.generator()).normalize(), p.proof());
    }

    static String check(ThresholdSetup setup, Ciphertext c, ProofContext context, PartialDecryption p) {
        VerificationResult r = ThresholdDecryption.verify(setup.key(), c, context, p);
        assertThat(r.valid()).isFalse();
        return r.check();
    }
}

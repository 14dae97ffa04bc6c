package org.rdregistry.crypto.keyswitch;

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
import org.rdregistry.crypto.decrypt.InsufficientSharesException;
import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.decrypt.ThresholdSetup;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.CeremonyHarness;
import org.rdregistry.crypto.proof.VerificationResult;

class KeySwitchTest {

    private static final GroupContext P256 = GroupContext.p256();
    private static final ProofContext CONTEXT = ProofContext.of("consultation", "c-7").with("score", "CHA2DS2-VASc");

    @Provide
    Arbitrary<ThresholdSetup> setups() {
        return Arbitraries.of(ThresholdSetup.ceremony(P256, 3, 5), ThresholdSetup.dealer(P256, 3, 5));
    }

    @Property(tries = 8)
    void targetDecryptsTheSamePlaintextForEveryThresholdSubset(@ForAll("setups") ThresholdSetup setup,
                                                               @ForAll @LongRange(min = -(1 << 20), max = 1 << 20) long m) {
        ElGamal elgamal = new ElGamal(P256, ThresholdSetup.smallLog(P256));
        KeyPair target = KeyPair.generate(P256);
        Ciphertext c = elgamal.encrypt(setup.key().publicKey(), m).ciphertext();
        List<KeySwitchShare> all = shares(setup, c, target.publicKey(), CONTEXT);
        KeySwitchCombiner combiner = new KeySwitchCombiner(setup.key());
        for (List<Integer> subset : CeremonyHarness.subsets(List.of(1, 2, 3, 4, 5), 3)) {
            List<KeySwitchShare> chosen = subset.stream().map(i -> all.get(i - 1)).toList();
            KeySwitchResult r = combiner.combine(c, target.publicKey(), CONTEXT, chosen);
            assertThat(r.usedTrustees()).containsExactlyElementsOf(subset);
            assertThat(elgamal.decrypt(target, r.ciphertext())).as("subset %s", subset).isEqualTo(m);
        }
    }

    @Test
    void onlyTheTargetCanDecryptTheSwitchedCiphertext() {
        ThresholdSetup setup = ThresholdSetup.dealer(P256, 3, 5);
        ElGamal elgamal = new ElGamal(P256, ThresholdSetup.smallLog(P256));
        KeyPair target = KeyPair.generate(P256);
        KeyPair stranger = KeyPair.generate(P256);
        long m = 4242;
        ECPoint mG = P256.multiplyG(BigInteger.valueOf(m));
        Ciphertext c = elgamal.encrypt(setup.key().publicKey(), m).ciphertext();
        Ciphertext switched = new KeySwitchCombiner(setup.key())
                .combine(c, target.publicKey(), CONTEXT, shares(setup, c, target.publicKey(), CONTEXT)).ciphertext();
        assertThat(elgamal.decryptToPoint(target.secret(), switched)).isEqualTo(mG);
        assertThat(elgamal.decryptToPoint(setup.jointSecret(), c)).isEqualTo(mG); // the original under Y
        assertThat(elgamal.decryptToPoint(setup.jointSecret(), switched)).isNotEqualTo(mG);
        assertThat(elgamal.decryptToPoint(stranger.secret(), switched)).isNotEqualTo(mG);
        // Fresh randomness: the switched ciphertext shares no component with the input or a second switch.
        Ciphertext again = new KeySwitchCombiner(setup.key())
                .combine(c, target.publicKey(), CONTEXT, shares(setup, c, target.publicKey(), CONTEXT)).ciphertext();
        assertThat(switched.alpha()).isNotEqualTo(c.alpha()).isNotEqualTo(again.alpha());
        assertThat(switched.beta()).isNotEqualTo(c.beta()).isNotEqualTo(again.beta());
    }

    @Test
    void tamperedSharesAreIdentifiedAndTheRestStillSwitch() {
        ThresholdSetup setup = ThresholdSetup.ceremony(P256, 3, 5);
        GroupContext g = setup.group();
        KeyPair target = KeyPair.generate(g);
        Ciphertext c = encrypt(setup, 31);
        List<KeySwitchShare> shares = new ArrayList<>(shares(setup, c, target.publicKey(), CONTEXT));
        KeySwitchShare s2 = shares.get(1);
        KeySwitchShare s5 = shares.get(4);
        shares.set(1, new KeySwitchShare(2, s2.u(), s2.w().add(g.generator()).normalize(), s2.proof()));
        shares.set(4, new KeySwitchShare(5, s5.u().add(g.generator()).normalize(), s5.w(), s5.proof()));
        KeySwitchCombiner combiner = new KeySwitchCombiner(setup.key());
        List<InvalidShare> invalid = combiner.identifyInvalid(c, target.publicKey(), CONTEXT, shares);
        assertThat(invalid).extracting(InvalidShare::trusteeIndex).containsExactly(2, 5);
        KeySwitchResult r = combiner.combine(c, target.publicKey(), CONTEXT, shares);
        assertThat(r.usedTrustees()).containsExactly(1, 3, 4);
        assertThat(r.invalidShares()).isEqualTo(invalid);
        assertThat(new ElGamal(g, ThresholdSetup.smallLog(g)).decrypt(target, r.ciphertext())).isEqualTo(31);

        List<KeySwitchShare> tooFew = List.of(shares.get(0), shares.get(1), shares.get(2), shares.get(4));
        assertThatThrownBy(() -> combiner.combine(c, target.publicKey(), CONTEXT, tooFew))
                .isInstanceOfSatisfying(InsufficientSharesException.class, e -> {
                    assertThat(e.invalidTrustees()).containsExactly(2, 5);
                    assertThat(e.validTrustees()).isEqualTo(2);
                })
                .hasMessageContaining("S.6");
    }

    @Test
    void eachRelationOfTheProofIsChecked() {
        ThresholdSetup setup = ThresholdSetup.ceremony(P256, 3, 5);
        GroupContext g = setup.group();
        PublicKey target = KeyPair.generate(g).publicKey();
        Ciphertext c = encrypt(setup, 5);
        KeySwitchShare s = KeySwitch.createShare(setup.share(3), c, target, CONTEXT);
        assertThat(KeySwitch.verifyShare(setup.key(), c, target, CONTEXT, s).valid()).isTrue();
        KeySwitchProof p = s.proof();
        BigInteger one = BigInteger.ONE;
        ECPoint gen = g.generator();

        // A forger who knows v_i but not x_i can satisfy S.3 and S.4 (by choosing t2) but not S.5.
        BigInteger v = g.randomScalar();
        BigInteger fakeX = g.randomScalar();
        ECPoint u = g.multiplyG(v);
        ECPoint w = g.multiplyPublic(target.point(), v).subtract(g.multiplyPublic(c.alpha(), fakeX)).normalize();
        BigInteger a = g.randomScalar();
        BigInteger b = g.randomScalar();
        ECPoint t1 = g.multiplyG(a);
        ECPoint t2 = g.multiplyPublic(target.point(), a).subtract(g.multiplyPublic(c.alpha(), b)).normalize();
        ECPoint t3 = g.multiplyG(b);
        BigInteger ch = KeySwitch.challenge(setup.key(), c, target, CONTEXT, 3, u, w, t1, t2, t3);
        KeySwitchProof forged = new KeySwitchProof(t1, t2, t3, a.add(ch.multiply(v)).mod(g.order()),
                b.add(ch.multiply(fakeX)).mod(g.order()));
        assertThat(check(setup, c, target, CONTEXT, new KeySwitchShare(3, u, w, forged))).isEqualTo("S.5");

        assertThat(check(setup, c, target, CONTEXT, new KeySwitchShare(3, s.u(), s.w(),
                new KeySwitchProof(p.t1(), p.t2(), p.t3(), p.zv().add(one).mod(g.order()), p.zx())))).isEqualTo("S.3");
        assertThat(check(setup, c, target, CONTEXT, new KeySwitchShare(3, s.u(), s.w(),
                new KeySwitchProof(p.t1(), p.t2().add(gen).normalize(), p.t3(), p.zv(), p.zx())))).isEqualTo("S.3");
        assertThat(check(setup, c, target, CONTEXT, new KeySwitchShare(3, s.u(), s.w(),
                new KeySwitchProof(p.t1(), p.t2(), p.t3(), p.zv(), p.zx().add(one).mod(g.order()))))).isEqualTo("S.4");
        assertThat(check(setup, c, target, CONTEXT, new KeySwitchShare(3, s.u(), g.infinity(), p))).isEqualTo("S.3");
        assertThat(check(setup, c, target, CONTEXT, new KeySwitchShare(3, g.infinity(), s.w(), p))).isEqualTo("S.2");
        assertThat(check(setup, c, target, CONTEXT, new KeySwitchShare(3, s.u(), s.w(),
                new KeySwitchProof(p.t1(), p.t2(), p.t3(), g.order(), p.zx())))).isEqualTo("S.2");
        assertThat(check(setup, c, target, CONTEXT, new KeySwitchShare(6, s.u(), s.w(), p))).isEqualTo("S.2");
        assertThat(check(setup, c, target, CONTEXT, new KeySwitchShare(4, s.u(), s.w(), p)))
                .as("another trustee's verification key").isEqualTo("S.3");
    }

    @Test
    void shareIsBoundToTargetCiphertextAndContext() {
        ThresholdSetup setup = ThresholdSetup.ceremony(P256, 3, 5);
        GroupContext g = setup.group();
        PublicKey target = KeyPair.generate(g).publicKey();
        PublicKey otherTarget = KeyPair.generate(g).publicKey();
        Ciphertext c = encrypt(setup, 5);
        KeySwitchShare s = KeySwitch.createShare(setup.share(1), c, otherTarget, CONTEXT);
        assertThat(check(setup, c, target, CONTEXT, s)).as("share for another target key").isIn("S.3", "S.4");
        KeySwitchShare good = KeySwitch.createShare(setup.share(1), c, target, CONTEXT);
        assertThat(check(setup, encrypt(setup, 5), target, CONTEXT, good)).as("another ciphertext").isIn("S.3", "S.4");
        assertThat(check(setup, c, target, ProofContext.of("consultation", "c-8").with("score", "CHA2DS2-VASc"), good))
                .as("another context").isIn("S.3", "S.4");
        assertThat(KeySwitch.verifyShare(ThresholdSetup.dealer(P256, 3, 5).key(), c, target, CONTEXT, good).valid())
                .as("another joint key").isFalse();
        PublicKey k1Target = KeyPair.generate(GroupContext.secp256k1()).publicKey();
        assertThat(check(setup, c, k1Target, CONTEXT, good)).isEqualTo("S.1");
        assertThatThrownBy(() -> KeySwitch.createShare(setup.share(1), c.subtract(c), target, CONTEXT))
                .hasMessageContaining("S.1");
    }

    @Test
    void switchesAnEncryptedGroupElement() {
        for (GroupContext g : List.of(P256, GroupContext.secp256k1())) {
            ThresholdSetup setup = g == P256 ? ThresholdSetup.dealer(g, 3, 5) : ThresholdSetup.ceremony(g, 2, 3);
            KeyPair target = KeyPair.generate(g);
            ECPoint m = g.multiplyG(g.randomScalar()); // a random key element M: no discrete log known
            BigInteger r = g.randomScalar();
            Ciphertext c = new Ciphertext(g.multiplyG(r),
                    m.add(g.multiplyPublic(setup.key().publicKey().point(), r)).normalize());
            List<KeySwitchShare> shares = shares(setup, c, target.publicKey(), CONTEXT);
            Ciphertext switched = new KeySwitchCombiner(setup.key()).combine(c, target.publicKey(), CONTEXT, shares)
                    .ciphertext();
            ElGamal elgamal = new ElGamal(g, ThresholdSetup.smallLog(g));
            assertThat(elgamal.decryptToPoint(target.secret(), switched)).as(g.name()).isEqualTo(m.normalize());
            assertThat(elgamal.decryptToPoint(setup.jointSecret(), switched)).isNotEqualTo(m.normalize());
        }
    }

    // ---- helpers ----

    static Ciphertext encrypt(ThresholdSetup setup, long m) {
        return new ElGamal(setup.group(), ThresholdSetup.smallLog(setup.group())).encrypt(setup.key().publicKey(), m)
                .ciphertext();
    }

    static List<KeySwitchShare> shares(ThresholdSetup setup, Ciphertext c, PublicKey target, ProofContext context) {
        return setup.shares().stream().map(s -> KeySwitch.createShare(s, c, target, context)).toList();
    }

    static String check(ThresholdSetup setup, Ciphertext c, PublicKey target, ProofContext context, KeySwitchShare s) {
        VerificationResult r = KeySwitch.verifyShare(setup.key(), c, target, context, s);
        assertThat(r.valid()).isFalse();
        return r.check();
    }
}

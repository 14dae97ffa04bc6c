package org.rdregistry.crypto.elgamal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.group.GroupContext;

class ElGamalTest {

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    @ParameterizedTest
    @MethodSource("groups")
    void decryptsWhatWasEncryptedAcrossTheWholeRange(GroupContext group) {
        ElGamal elgamal = new ElGamal(group);
        KeyPair kp = KeyPair.generate(group);
        long[] values = {0, 1, -1, 2, 1000, -1000, (1 << 20), (1 << 20) + 1, -(1 << 20) - 1, 2097153, 123456789,
            -987654321, (1L << 32) - 1, 1L << 32, -(1L << 32)};
        for (long v : values) {
            Ciphertext c = elgamal.encrypt(kp.publicKey(), v).ciphertext();
            assertThat(elgamal.decrypt(kp, c)).as("value %d", v).isEqualTo(v);
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void valueOutsideRangeIsAnErrorNotAWrongNumber(GroupContext group) {
        ElGamal elgamal = new ElGamal(group, new DiscreteLog(group, 1 << 8, 100_000));
        KeyPair kp = KeyPair.generate(group);
        Ciphertext c = elgamal.encrypt(kp.publicKey(), 100_001).ciphertext();
        assertThatThrownBy(() -> elgamal.decrypt(kp, c)).isInstanceOf(PlaintextOutOfRangeException.class);
        Ciphertext big = elgamal.encrypt(kp.publicKey(), BigInteger.ONE.shiftLeft(200), group.randomScalar()).ciphertext();
        assertThatThrownBy(() -> elgamal.decrypt(kp, big)).isInstanceOf(PlaintextOutOfRangeException.class);
        assertThat(elgamal.decrypt(kp, elgamal.encrypt(kp.publicKey(), -100_000).ciphertext())).isEqualTo(-100_000);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void normalizeAllGivesEachCiphertextsOwnAffineForm(GroupContext group) {
        ElGamal elgamal = new ElGamal(group);
        KeyPair kp = KeyPair.generate(group);
        Ciphertext a = elgamal.encrypt(kp.publicKey(), 7).ciphertext();
        Ciphertext b = elgamal.encrypt(kp.publicKey(), 5).ciphertext();
        // projective sums, an already affine one, the neutral (O, O) and a sum that cancels to it
        java.util.List<Ciphertext> raw = java.util.List.of(a.add(b), a.add(b).add(b), a.normalize(), Ciphertext.zero(group),
                a.subtract(a), b.multiply(group, 3).add(a));
        java.util.List<Ciphertext> all = Ciphertext.normalizeAll(raw);
        assertThat(all).hasSize(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Ciphertext one = raw.get(i).normalize();
            assertThat(all.get(i).alpha().isNormalized()).isTrue();
            assertThat(all.get(i).beta().isNormalized()).isTrue();
            assertThat(all.get(i).alpha().getEncoded(false)).as("alpha %d", i).isEqualTo(one.alpha().getEncoded(false));
            assertThat(all.get(i).beta().getEncoded(false)).as("beta %d", i).isEqualTo(one.beta().getEncoded(false));
        }
        assertThat(elgamal.decrypt(kp, all.get(1))).isEqualTo(17);
        assertThat(elgamal.decrypt(kp, all.get(5))).isEqualTo(22);
        assertThat(Ciphertext.normalizeAll(java.util.List.of())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("groups")
    void homomorphicOperations(GroupContext group) {
        ElGamal elgamal = new ElGamal(group);
        KeyPair kp = KeyPair.generate(group);
        Ciphertext a = elgamal.encrypt(kp.publicKey(), 40).ciphertext();
        Ciphertext b = elgamal.encrypt(kp.publicKey(), 2).ciphertext();
        assertThat(elgamal.decrypt(kp, a.add(b))).isEqualTo(42);
        assertThat(elgamal.decrypt(kp, a.subtract(b))).isEqualTo(38);
        assertThat(elgamal.decrypt(kp, b.subtract(a))).isEqualTo(-38);
        assertThat(elgamal.decrypt(kp, a.multiply(group, -3))).isEqualTo(-120);
        assertThat(elgamal.decrypt(kp, a.negate())).isEqualTo(-40);
        assertThat(elgamal.decrypt(kp, a.addPlaintext(group, 5))).isEqualTo(45);
        assertThat(elgamal.decrypt(kp, a.subtract(a))).isZero();
        Ciphertext re = elgamal.rerandomise(kp.publicKey(), a).ciphertext();
        assertThat(re).isNotEqualTo(a);
        assertThat(elgamal.decrypt(kp, re)).isEqualTo(40);
    }
}

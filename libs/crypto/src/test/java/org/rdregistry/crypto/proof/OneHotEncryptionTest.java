package org.rdregistry.crypto.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;

class OneHotEncryptionTest {

    private static final ProofContext CONTEXT = ProofContext.of("registry-key", "rk-1").with("schema", "v1")
            .with("record", "rec-7").with("field", "sex");

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    @ParameterizedTest
    @MethodSource("groups")
    void everyCategoryOfEverySizeVerifiesAndDecryptsToOneHot(GroupContext group) {
        KeyPair kp = KeyPair.generate(group);
        ElGamal elgamal = new ElGamal(group, new DiscreteLog(group, 1 << 4, 16));
        for (int m : new int[] {1, 2, 4}) {
            for (int category = 0; category < m; category++) {
                OneHotEncryption v = OneHotEncryption.prove(group, kp.publicKey(), CONTEXT, category, m);
                assertThat(v.verify(group, kp.publicKey(), CONTEXT, m)).isEqualTo(VerificationResult.ok());
                for (int j = 0; j < m; j++) {
                    assertThat(elgamal.decrypt(kp, v.ciphertexts().get(j))).isEqualTo(j == category ? 1 : 0);
                }
            }
        }
    }

    @Test
    void proverRefusesBadCategoryOrVectors() {
        GroupContext group = GroupContext.p256();
        PublicKey key = KeyPair.generate(group).publicKey();
        assertThatThrownBy(() -> OneHotEncryption.prove(group, key, CONTEXT, 3, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OneHotEncryption.prove(group, key, CONTEXT, -1, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OneHotEncryption.prove(group, key, CONTEXT, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        ElGamal elgamal = new ElGamal(group);
        List<Encryption> twoOnes = List.of(elgamal.encrypt(key, 1), elgamal.encrypt(key, 1), elgamal.encrypt(key, 0));
        assertThatThrownBy(() -> OneHotEncryption.prove(group, key, CONTEXT, twoOnes, 0))
                .isInstanceOf(IllegalArgumentException.class);
        List<Encryption> zeroOnes = List.of(elgamal.encrypt(key, 0), elgamal.encrypt(key, 0));
        assertThatThrownBy(() -> OneHotEncryption.prove(group, key, CONTEXT, zeroOnes, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void vectorsWithTwoOnesOrNoOneCannotVerify(GroupContext group) {
        PublicKey key = KeyPair.generate(group).publicKey();
        OneHotEncryption twoOnes = forge(group, key, new int[] {1, 0, 1});
        assertThat(twoOnes.verify(group, key, CONTEXT, 3).check()).isEqualTo("O.3");
        assertThat(twoOnes.verify(group, key, CONTEXT, 3).reason()).contains("D.3");
        OneHotEncryption none = forge(group, key, new int[] {0, 0, 0});
        assertThat(none.verify(group, key, CONTEXT, 3).check()).isEqualTo("O.3");
        // control: the same forging code with a real one-hot vector verifies
        assertThat(forge(group, key, new int[] {0, 1, 0}).verify(group, key, CONTEXT, 3).valid()).isTrue();
    }

    @Test
    void swappedPositionsFail() {
        GroupContext group = GroupContext.p256();
        PublicKey key = KeyPair.generate(group).publicKey();
        OneHotEncryption v = OneHotEncryption.prove(group, key, CONTEXT, 0, 3);
        List<Ciphertext> cts = new ArrayList<>(v.ciphertexts());
        List<ZeroOneProof> proofs = new ArrayList<>(v.bitProofs());
        cts.set(0, v.ciphertexts().get(1));
        cts.set(1, v.ciphertexts().get(0));
        proofs.set(0, v.bitProofs().get(1));
        proofs.set(1, v.bitProofs().get(0));
        VerificationResult r = new OneHotEncryption(cts, proofs, v.sumProof()).verify(group, key, CONTEXT, 3);
        assertThat(r.check()).isEqualTo("O.2");
        assertThat(r.reason()).startsWith("position 0");
    }

    @Test
    void replacingOneCiphertextWithAnotherValidBitBreaksTheSumProof() {
        GroupContext group = GroupContext.p256();
        PublicKey key = KeyPair.generate(group).publicKey();
        OneHotEncryption v = OneHotEncryption.prove(group, key, CONTEXT, 2, 3);
        // position 0 re-encrypted (still 0) with a valid bit proof for that position
        ZeroOneProof.ProvenBit fresh = ZeroOneProof.encryptAndProve(group, key,
                OneHotEncryption.bitContext(CONTEXT, 3, 0), 0);
        List<Ciphertext> cts = new ArrayList<>(v.ciphertexts());
        List<ZeroOneProof> proofs = new ArrayList<>(v.bitProofs());
        cts.set(0, fresh.ciphertext());
        proofs.set(0, fresh.proof());
        assertThat(new OneHotEncryption(cts, proofs, v.sumProof()).verify(group, key, CONTEXT, 3).check())
                .isEqualTo("O.3");
    }

    @Test
    void boundToContextKeyAndDeclaredSize() {
        GroupContext group = GroupContext.p256();
        PublicKey key = KeyPair.generate(group).publicKey();
        OneHotEncryption v = OneHotEncryption.prove(group, key, CONTEXT, 1, 3);
        ProofContext otherRecord = ProofContext.of("registry-key", "rk-1").with("schema", "v1")
                .with("record", "rec-8").with("field", "sex");
        assertThat(v.verify(group, key, otherRecord, 3).check()).isEqualTo("O.2");
        assertThat(v.verify(group, KeyPair.generate(group).publicKey(), CONTEXT, 3).check()).isEqualTo("O.2");
        assertThat(v.verify(group, key, CONTEXT, 4).check()).isEqualTo("O.1");
        assertThat(v.verify(group, key, CONTEXT, 2).check()).isEqualTo("O.1");
        List<ZeroOneProof> shortProofs = v.bitProofs().subList(0, 2);
        assertThat(new OneHotEncryption(v.ciphertexts(), shortProofs, v.sumProof()).verify(group, key, CONTEXT, 3)
                .check()).isEqualTo("O.1");
        DleqProof s = v.sumProof();
        DleqProof tampered = new DleqProof(s.a1(), s.a2(), s.z().add(BigInteger.ONE).mod(group.order()));
        assertThat(new OneHotEncryption(v.ciphertexts(), v.bitProofs(), tampered).verify(group, key, CONTEXT, 3)
                .check()).isEqualTo("O.3");
        DleqProof infinite = new DleqProof(group.infinity(), s.a2(), s.z());
        assertThat(new OneHotEncryption(v.ciphertexts(), v.bitProofs(), infinite).verify(group, key, CONTEXT, 3)
                .reason()).contains("D.1");
    }

    /**
     * A dishonest encoder: valid bit proofs for each entry, and a sum proof made with the real
     * witness R = Σ r_j for the statement "Σ C_j - (O, G) encrypts zero", which is false unless
     * exactly one bit is set.
     */
    private static OneHotEncryption forge(GroupContext group, PublicKey key, int[] bits) {
        ElGamal elgamal = new ElGamal(group);
        int m = bits.length;
        List<Ciphertext> cts = new ArrayList<>();
        List<ZeroOneProof> proofs = new ArrayList<>();
        BigInteger sumR = BigInteger.ZERO;
        for (int j = 0; j < m; j++) {
            Encryption e = elgamal.encrypt(key, bits[j]);
            cts.add(e.ciphertext());
            proofs.add(ZeroOneProof.prove(group, key, OneHotEncryption.bitContext(CONTEXT, m, j), e, bits[j]));
            sumR = sumR.add(e.randomness());
        }
        var alpha = group.infinity();
        var beta = group.infinity();
        for (Ciphertext c : cts) {
            alpha = alpha.add(c.alpha());
            beta = beta.add(c.beta());
        }
        DleqProof.Statement s = new DleqProof.Statement(group.generator(), alpha.normalize(), key.point(),
                beta.subtract(group.generator()).normalize());
        DleqProof sum = DleqProof.prove(group, OneHotEncryption.SUM_DOMAIN,
                OneHotEncryption.sumContext(group, CONTEXT, cts), s, sumR.mod(group.order()));
        return new OneHotEncryption(cts, proofs, sum);
    }
}

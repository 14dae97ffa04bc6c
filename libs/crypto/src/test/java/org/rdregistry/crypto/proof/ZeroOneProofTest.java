package org.rdregistry.crypto.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.bouncycastle.math.ec.ECPoint;
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
import org.rdregistry.crypto.group.Transcript;

class ZeroOneProofTest {

    private static final ProofContext CONTEXT = ProofContext.of("registry-key", "rk-1").with("schema", "v1")
            .with("record", "rec-42").with("field", "consent");

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    @ParameterizedTest
    @MethodSource("groups")
    void proofsForZeroAndOneVerifyAndTheCiphertextDecryptsToTheBit(GroupContext group) {
        KeyPair kp = KeyPair.generate(group);
        ElGamal elgamal = new ElGamal(group, new DiscreteLog(group, 1 << 4, 16));
        for (int bit = 0; bit <= 1; bit++) {
            ZeroOneProof.ProvenBit proven = ZeroOneProof.encryptAndProve(group, kp.publicKey(), CONTEXT, bit);
            assertThat(proven.proof().verify(group, kp.publicKey(), CONTEXT, proven.ciphertext()))
                    .isEqualTo(VerificationResult.ok());
            assertThat(elgamal.decrypt(kp, proven.ciphertext())).isEqualTo(bit);

            Encryption e = elgamal.encrypt(kp.publicKey(), bit);
            ZeroOneProof proof = ZeroOneProof.prove(group, kp.publicKey(), CONTEXT, e, bit);
            assertThat(proof.verify(group, kp.publicKey(), CONTEXT, e.ciphertext()).valid()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void proverRefusesAnythingButATrueBit(GroupContext group) {
        PublicKey key = KeyPair.generate(group).publicKey();
        ElGamal elgamal = new ElGamal(group);
        Encryption two = elgamal.encrypt(key, 2);
        assertThatThrownBy(() -> ZeroOneProof.prove(group, key, CONTEXT, two, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZeroOneProof.prove(group, key, CONTEXT, two, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not encrypt");
        assertThatThrownBy(() -> ZeroOneProof.prove(group, key, CONTEXT, two, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZeroOneProof.encryptAndProve(group, key, CONTEXT, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZeroOneProof.encryptAndProve(group, key, CONTEXT, -1))
                .isInstanceOf(IllegalArgumentException.class);
        Encryption one = elgamal.encrypt(key, 1);
        assertThatThrownBy(() -> ZeroOneProof.prove(group, key, CONTEXT, one, 0))
                .isInstanceOf(IllegalArgumentException.class);
        Encryption wrongRandomness = new Encryption(one.ciphertext(), one.randomness().add(BigInteger.ONE));
        assertThatThrownBy(() -> ZeroOneProof.prove(group, key, CONTEXT, wrongRandomness, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A cheating prover for m = 2 who knows r: whichever branch it answers honestly, the equation of
     * that branch's Y side fails, because beta - jG is not r·Y for j in {0, 1}.
     */
    @ParameterizedTest
    @MethodSource("groups")
    void forgedProofForTwoFailsOnTheHonestBranchYEquation(GroupContext group) {
        PublicKey key = KeyPair.generate(group).publicKey();
        Encryption two = new ElGamal(group).encrypt(key, 2);
        assertThat(cheat(group, key, two, 1).verify(group, key, CONTEXT, two.ciphertext()).check()).isEqualTo("Z.6");
        assertThat(cheat(group, key, two, 0).verify(group, key, CONTEXT, two.ciphertext()).check()).isEqualTo("Z.4");
    }

    @ParameterizedTest
    @MethodSource("groups")
    void proofIsBoundToCiphertextContextAndKey(GroupContext group) {
        PublicKey key = KeyPair.generate(group).publicKey();
        ZeroOneProof.ProvenBit proven = ZeroOneProof.encryptAndProve(group, key, CONTEXT, 1);
        ZeroOneProof proof = proven.proof();
        Ciphertext ct = proven.ciphertext();

        Ciphertext other = ZeroOneProof.encryptAndProve(group, key, CONTEXT, 1).ciphertext();
        assertThat(proof.verify(group, key, CONTEXT, other).check()).isEqualTo("Z.3");

        ProofContext otherRecord = ProofContext.of("registry-key", "rk-1").with("schema", "v1")
                .with("record", "rec-43").with("field", "consent");
        ProofContext otherField = ProofContext.of("registry-key", "rk-1").with("schema", "v1")
                .with("record", "rec-42").with("field", "biosample");
        // the context only enters the challenge, so branch 0 (c0 is sent) still holds and branch 1 fails
        assertThat(proof.verify(group, key, otherRecord, ct).check()).isEqualTo("Z.5");
        assertThat(proof.verify(group, key, otherField, ct).check()).isEqualTo("Z.5");
        assertThat(proof.verify(group, key, ProofContext.empty(), ct).check()).isEqualTo("Z.5");

        PublicKey otherKey = KeyPair.generate(group).publicKey();
        assertThat(proof.verify(group, otherKey, CONTEXT, ct).check()).isEqualTo("Z.4");
    }

    @Test
    void tamperedScalarsFailTheirEquation() {
        GroupContext group = GroupContext.p256();
        PublicKey key = KeyPair.generate(group).publicKey();
        for (int bit = 0; bit <= 1; bit++) {
            ZeroOneProof.ProvenBit proven = ZeroOneProof.encryptAndProve(group, key, CONTEXT, bit);
            ZeroOneProof p = proven.proof();
            Ciphertext ct = proven.ciphertext();
            BigInteger one = BigInteger.ONE;
            BigInteger n = group.order();
            assertThat(new ZeroOneProof(p.a0(), p.b0(), p.a1(), p.b1(), p.c0().add(one).mod(n), p.z0(), p.z1())
                    .verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.3");
            assertThat(new ZeroOneProof(p.a0(), p.b0(), p.a1(), p.b1(), p.c0(), p.z0().add(one).mod(n), p.z1())
                    .verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.3");
            assertThat(new ZeroOneProof(p.a0(), p.b0(), p.a1(), p.b1(), p.c0(), p.z0(), p.z1().add(one).mod(n))
                    .verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.5");
            // non-canonical scalars are rejected before any equation (z + n would satisfy them)
            assertThat(new ZeroOneProof(p.a0(), p.b0(), p.a1(), p.b1(), p.c0(), p.z0().add(n), p.z1())
                    .verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.2");
            assertThat(new ZeroOneProof(p.a0(), p.b0(), p.a1(), p.b1(), p.c0().subtract(n), p.z0(), p.z1())
                    .verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.2");
        }
    }

    @Test
    void tamperedCommitmentsFail() {
        GroupContext group = GroupContext.p256();
        PublicKey key = KeyPair.generate(group).publicKey();
        ZeroOneProof.ProvenBit proven = ZeroOneProof.encryptAndProve(group, key, CONTEXT, 0);
        ZeroOneProof p = proven.proof();
        Ciphertext ct = proven.ciphertext();
        ECPoint g = group.generator();
        assertThat(with(p, 0, p.a0().add(g)).verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.3");
        assertThat(with(p, 1, p.b0().add(g)).verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.4");
        assertThat(with(p, 2, p.a1().add(g)).verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.5");
        // b1 changes the challenge, hence c1: branch 1's G equation fails first
        assertThat(with(p, 3, p.b1().add(g)).verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.5");
        // swapped branches
        assertThat(new ZeroOneProof(p.a1(), p.b1(), p.a0(), p.b0(), p.c0(), p.z1(), p.z0())
                .verify(group, key, CONTEXT, ct).valid()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("groups")
    void malformedPointsAreRejectedBeforeAnyEquation(GroupContext group) {
        PublicKey key = KeyPair.generate(group).publicKey();
        ZeroOneProof.ProvenBit proven = ZeroOneProof.encryptAndProve(group, key, CONTEXT, 1);
        ZeroOneProof p = proven.proof();
        Ciphertext ct = proven.ciphertext();
        ECPoint offCurve = offCurve(group);
        ECPoint foreign = (group == GroupContext.p256() ? GroupContext.secp256k1() : GroupContext.p256()).generator();
        for (int i = 0; i < 4; i++) {
            assertThat(with(p, i, group.infinity()).verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.2");
            assertThat(with(p, i, offCurve).verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.2");
            assertThat(with(p, i, foreign).verify(group, key, CONTEXT, ct).check()).isEqualTo("Z.2");
        }
        assertThat(p.verify(group, key, CONTEXT, new Ciphertext(group.infinity(), ct.beta())).check()).isEqualTo("Z.1");
        assertThat(p.verify(group, key, CONTEXT, new Ciphertext(offCurve, ct.beta())).check()).isEqualTo("Z.1");
        assertThat(p.verify(group, key, CONTEXT, new Ciphertext(ct.alpha(), offCurve)).check()).isEqualTo("Z.1");
        GroupContext other = group == GroupContext.p256() ? GroupContext.secp256k1() : GroupContext.p256();
        assertThat(p.verify(group, KeyPair.generate(other).publicKey(), CONTEXT, ct).check()).isEqualTo("Z.1");
    }

    @Test
    void proofDoesNotLeakInToString() {
        GroupContext group = GroupContext.p256();
        ZeroOneProof.ProvenBit proven = ZeroOneProof.encryptAndProve(group, KeyPair.generate(group).publicKey(),
                CONTEXT, 1);
        assertThat(proven.toString()).contains("redacted").doesNotContain(proven.encryption().randomness().toString());
    }

    /** A point with valid-looking coordinates that is not on the curve. */
    static ECPoint offCurve(GroupContext group) {
        ECPoint g = group.generator();
        ECPoint p = group.curve().createPoint(g.getAffineXCoord().toBigInteger(),
                g.getAffineYCoord().toBigInteger().add(BigInteger.ONE));
        assertThat(p.isValid()).isFalse();
        return p;
    }

    static ZeroOneProof with(ZeroOneProof p, int which, ECPoint point) {
        return new ZeroOneProof(which == 0 ? point : p.a0(), which == 1 ? point : p.b0(), which == 2 ? point : p.a1(),
                which == 3 ? point : p.b1(), p.c0(), p.z0(), p.z1());
    }

    /**
     * What a cheating prover can do for a ciphertext of 2: simulate branch 1 - honest and run branch
     * {@code honest} as if (alpha, beta - honest·G) were an encryption of zero.
     */
    static ZeroOneProof cheat(GroupContext group, PublicKey key, Encryption e, int honest) {
        BigInteger n = group.order();
        ECPoint g = group.generator();
        ECPoint y = key.point();
        Ciphertext ct = e.ciphertext();
        BigInteger w = group.randomScalar();
        BigInteger cs = group.randomScalar();
        BigInteger zs = group.randomScalar();
        ECPoint target = honest == 0 ? ct.beta().subtract(g) : ct.beta();
        ECPoint aSim = g.multiply(zs).subtract(ct.alpha().multiply(cs)).normalize();
        ECPoint bSim = y.multiply(zs).subtract(target.multiply(cs)).normalize();
        ECPoint aReal = g.multiply(w).normalize();
        ECPoint bReal = y.multiply(w).normalize();
        ECPoint a0 = honest == 0 ? aReal : aSim;
        ECPoint b0 = honest == 0 ? bReal : bSim;
        ECPoint a1 = honest == 0 ? aSim : aReal;
        ECPoint b1 = honest == 0 ? bSim : bReal;
        // the challenge computed independently of ZeroOneProof.challenge, from the spec's transcript
        BigInteger c = Transcript.start(group, "proof/zero-one", CONTEXT).append("Y", y).append("alpha", ct.alpha())
                .append("beta", ct.beta()).append("a0", a0).append("b0", b0).append("a1", a1).append("b1", b1)
                .challenge();
        BigInteger cReal = c.subtract(cs).mod(n);
        BigInteger zReal = w.add(cReal.multiply(e.randomness())).mod(n);
        return honest == 0
                ? new ZeroOneProof(a0, b0, a1, b1, cReal, zReal, zs)
                : new ZeroOneProof(a0, b0, a1, b1, cs, zs, zReal);
    }
}

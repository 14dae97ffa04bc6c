package org.rdregistry.crypto.hybrid;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.SchnorrProof;

/** Spec check H.4: Enc(M) of a claimable blob bound to its context by a proof of knowledge of r. */
class ClaimableBlobKeyProofTest {

    private static final String LABEL = "history/v1";
    private static final byte[] AAD = "consultation=c-1".getBytes(StandardCharsets.UTF_8);
    private static final ProofContext CASE_1 = ProofContext.of("consultation", "c-1");
    private static final ProofContext CASE_2 = ProofContext.of("consultation", "c-2");

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    @ParameterizedTest
    @MethodSource("groups")
    void theSealersProofVerifiesInItsContextOnlyAndTheBlobStillOpens(GroupContext group) {
        KeyPair joint = KeyPair.generate(group);
        ClaimableBlob.Proven proven = ClaimableBlob.sealProven(joint.publicKey(), LABEL, "text".getBytes(
                StandardCharsets.UTF_8), AAD, CASE_1);
        assertThat(proven.blob().verifyKeyProof(proven.keyProof(), CASE_1).valid()).isTrue();

        // the same Enc(M) presented for another consultation: the copy has no valid proof
        assertThat(proven.blob().verifyKeyProof(proven.keyProof(), CASE_2).check()).isEqualTo("H.4");
        // and opening is unchanged: the claimant with the key-switched Enc(M) reads it
        assertThat(new String(proven.blob().open(joint, proven.blob().encryptedKeyPoint(), LABEL, AAD),
                StandardCharsets.UTF_8)).isEqualTo("text");
    }

    @ParameterizedTest
    @MethodSource("groups")
    void aReRandomisedOrSwappedKeyCiphertextFailsTheProof(GroupContext group) {
        KeyPair joint = KeyPair.generate(group);
        ClaimableBlob.Proven proven = ClaimableBlob.sealProven(joint.publicKey(), LABEL, new byte[] {1}, AAD, CASE_1);
        Ciphertext key = proven.blob().encryptedKeyPoint();
        BigInteger s = group.randomScalar();
        Ciphertext rerandomised = new Ciphertext(key.alpha().add(group.multiplyG(s)).normalize(),
                key.beta().add(joint.publicKey().point().multiply(s)).normalize());
        ClaimableBlob copy = new ClaimableBlob(rerandomised, proven.blob().nonce(), proven.blob().ciphertext());
        assertThat(copy.verifyKeyProof(proven.keyProof(), CASE_1).valid()).isFalse();

        ClaimableBlob other = ClaimableBlob.sealProven(joint.publicKey(), LABEL, new byte[] {2}, AAD, CASE_1).blob();
        ClaimableBlob swapped = new ClaimableBlob(new Ciphertext(key.alpha(), other.encryptedKeyPoint().beta()),
                proven.blob().nonce(), proven.blob().ciphertext());
        assertThat(swapped.verifyKeyProof(proven.keyProof(), CASE_1).valid()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("groups")
    void aTamperedOrForeignProofFails(GroupContext group) {
        KeyPair joint = KeyPair.generate(group);
        ClaimableBlob.Proven proven = ClaimableBlob.sealProven(joint.publicKey(), LABEL, new byte[] {1}, AAD, CASE_1);
        SchnorrProof p = proven.keyProof();
        SchnorrProof tampered = new SchnorrProof(p.commitment(), p.response().add(BigInteger.ONE).mod(group.order()));
        assertThat(proven.blob().verifyKeyProof(tampered, CASE_1).check()).isEqualTo("H.4");
        ClaimableBlob.Proven another = ClaimableBlob.sealProven(joint.publicKey(), LABEL, new byte[] {1}, AAD, CASE_1);
        assertThat(proven.blob().verifyKeyProof(another.keyProof(), CASE_1).valid()).isFalse();
        // a proof of knowledge made under another domain (e.g. a key-ceremony proof) does not transfer
        SchnorrProof otherDomain = SchnorrProof.prove(group, CASE_1, group.multiplyG(BigInteger.TWO), BigInteger.TWO);
        assertThat(proven.blob().verifyKeyProof(otherDomain, CASE_1).valid()).isFalse();
    }
}

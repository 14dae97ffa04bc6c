package org.rdregistry.crypto.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.InvalidEncodingException;

/**
 * The "whoever claims this case" blob of spec §7.4. A single key pair stands in for the registry's
 * joint key (whose secret is never in one place in production).
 */
class ClaimableBlobTest {

    private static final String LABEL = "history/v1";
    private static final byte[] AAD = "consultation=c-7".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HISTORY = "2019 onset of acroparesthesia; angiokeratoma; proteinuria".getBytes(StandardCharsets.UTF_8);

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    private static ElGamal elgamal(GroupContext group) {
        return new ElGamal(group, new DiscreteLog(group, 1 << 4, 1 << 8)); // decryptToPoint only
    }

    @ParameterizedTest
    @MethodSource("groups")
    void roundTripViaDecryptToPoint(GroupContext group) {
        KeyPair joint = KeyPair.generate(group);
        ClaimableBlob blob = ClaimableBlob.seal(joint.publicKey(), LABEL, HISTORY, AAD);
        ECPoint m = elgamal(group).decryptToPoint(joint.secret(), blob.encryptedKeyPoint());
        assertThat(blob.open(m, LABEL, AAD)).isEqualTo(HISTORY);
        assertThat(blob.group()).isSameAs(group);
        // M is random: a second blob has another key point and another encapsulation.
        ClaimableBlob second = ClaimableBlob.seal(joint.publicKey(), LABEL, HISTORY, AAD);
        assertThat(elgamal(group).decryptToPoint(joint.secret(), second.encryptedKeyPoint())).isNotEqualTo(m);
        assertThatThrownBy(() -> second.open(m, LABEL, AAD)).isInstanceOf(AuthenticationFailedException.class);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void keySwitchedToAClaimantOpensWithTheClaimantsKey(GroupContext group) {
        KeyPair joint = KeyPair.generate(group);
        KeyPair expert = KeyPair.generate(group);
        ClaimableBlob blob = ClaimableBlob.seal(joint.publicKey(), LABEL, HISTORY, AAD);
        // Simulated key switch (what the trustees do jointly, with proofs):
        // (alpha, beta) -> (r'G, beta - x alpha + r' Z)
        Ciphertext c = blob.encryptedKeyPoint();
        BigInteger r = group.randomScalar();
        ECPoint alpha2 = group.multiplyG(r);
        ECPoint beta2 = c.beta().subtract(c.alpha().multiply(joint.secret())).add(expert.publicKey().point().multiply(r)).normalize();
        Ciphertext switched = new Ciphertext(alpha2, beta2);

        assertThat(blob.open(expert, switched, LABEL, AAD)).isEqualTo(HISTORY);
        KeyPair someoneElse = KeyPair.generate(group);
        assertThatThrownBy(() -> blob.open(someoneElse, switched, LABEL, AAD)).isInstanceOf(AuthenticationFailedException.class);
        // The joint key's ciphertext is not addressed to the expert.
        assertThatThrownBy(() -> blob.open(expert, blob.encryptedKeyPoint(), LABEL, AAD)).isInstanceOf(AuthenticationFailedException.class);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void rerandomisedEncryptionOfMStillOpensTheOriginalBlob(GroupContext group) {
        KeyPair joint = KeyPair.generate(group);
        ClaimableBlob blob = ClaimableBlob.seal(joint.publicKey(), LABEL, HISTORY, AAD);
        Ciphertext rerandomised = elgamal(group).rerandomise(joint.publicKey(), blob.encryptedKeyPoint()).ciphertext();
        assertThat(rerandomised).isNotEqualTo(blob.encryptedKeyPoint());
        assertThat(blob.open(joint, rerandomised, LABEL, AAD)).isEqualTo(HISTORY);

        // But a blob whose stored encapsulation was replaced by the re-randomised one does not open:
        // the key is bound to the blob's own (alpha, beta).
        ClaimableBlob swapped = new ClaimableBlob(rerandomised, blob.nonce(), blob.ciphertext());
        assertThatThrownBy(() -> swapped.open(joint, rerandomised, LABEL, AAD)).isInstanceOf(AuthenticationFailedException.class);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void wrongKeyPointTamperingAadAndLabelAllFail(GroupContext group) {
        KeyPair joint = KeyPair.generate(group);
        ClaimableBlob blob = ClaimableBlob.seal(joint.publicKey(), LABEL, HISTORY, AAD);
        ECPoint m = elgamal(group).decryptToPoint(joint.secret(), blob.encryptedKeyPoint());

        assertFails(() -> blob.open(m.add(group.generator()).normalize(), LABEL, AAD));
        assertFails(() -> blob.open(group.multiplyG(group.randomScalar()), LABEL, AAD));
        assertFails(() -> blob.open(m, LABEL, "consultation=c-8".getBytes(StandardCharsets.UTF_8)));
        assertFails(() -> blob.open(m, "history/v2", AAD));

        byte[] c = blob.ciphertext();
        c[3] ^= 1;
        assertFails(() -> new ClaimableBlob(blob.encryptedKeyPoint(), blob.nonce(), c).open(m, LABEL, AAD));
        byte[] tag = blob.ciphertext();
        tag[tag.length - 1] ^= 1;
        assertFails(() -> new ClaimableBlob(blob.encryptedKeyPoint(), blob.nonce(), tag).open(m, LABEL, AAD));
        byte[] n = blob.nonce();
        n[0] ^= 1;
        assertFails(() -> new ClaimableBlob(blob.encryptedKeyPoint(), n, blob.ciphertext()).open(m, LABEL, AAD));
        // Another beta with the same M recoverable is still another blob.
        Ciphertext shifted = new Ciphertext(blob.encryptedKeyPoint().alpha(), blob.encryptedKeyPoint().beta().add(group.generator()));
        assertFails(() -> new ClaimableBlob(shifted, blob.nonce(), blob.ciphertext()).open(m, LABEL, AAD));
    }

    @ParameterizedTest
    @MethodSource("groups")
    void invalidPointsAreRejected(GroupContext group) {
        GroupContext other = group == GroupContext.p256() ? GroupContext.secp256k1() : GroupContext.p256();
        KeyPair joint = KeyPair.generate(group);
        ClaimableBlob blob = ClaimableBlob.seal(joint.publicKey(), LABEL, HISTORY, AAD);
        assertThatThrownBy(() -> blob.open(group.infinity(), LABEL, AAD)).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> blob.open(other.generator(), LABEL, AAD)).isInstanceOf(InvalidEncodingException.class);
        KeyPair foreignKey = KeyPair.generate(other);
        assertThatThrownBy(() -> blob.open(foreignKey, blob.encryptedKeyPoint(), LABEL, AAD)).isInstanceOf(InvalidEncodingException.class);
        ClaimableBlob degenerate = new ClaimableBlob(new Ciphertext(group.infinity(), group.generator()), blob.nonce(), blob.ciphertext());
        assertThatThrownBy(() -> degenerate.open(group.generator(), LABEL, AAD)).isInstanceOf(InvalidEncodingException.class);
        // Enc(O) under the recipient's key: decrypts to the point at infinity, which is no key point.
        Ciphertext encOfInfinity = new Ciphertext(group.generator(), joint.publicKey().point());
        assertFails(() -> blob.open(joint, encOfInfinity, LABEL, AAD));
    }

    @ParameterizedTest
    @MethodSource("groups")
    void emptyAndLargePayloads(GroupContext group) {
        KeyPair joint = KeyPair.generate(group);
        ClaimableBlob empty = ClaimableBlob.seal(joint.publicKey(), LABEL, new byte[0], new byte[0]);
        assertThat(empty.open(joint, empty.encryptedKeyPoint(), LABEL, new byte[0])).isEmpty();
        byte[] large = new byte[1 << 20];
        group.random().nextBytes(large);
        ClaimableBlob big = ClaimableBlob.seal(joint.publicKey(), LABEL, large, AAD);
        assertThat(big.open(joint, big.encryptedKeyPoint(), LABEL, AAD)).isEqualTo(large);
        assertThat(big.toString()).isEqualTo("ClaimableBlob[" + ((1 << 20) + 16) + " bytes]");
        assertThatThrownBy(() -> ClaimableBlob.seal(joint.publicKey(), "y".repeat(70_000), HISTORY, AAD))
                .hasMessageContaining("H.3");
        assertThatThrownBy(() -> new ClaimableBlob(big.encryptedKeyPoint(), new byte[12], new byte[3]))
                .hasMessageContaining("H.3");
    }

    private static void assertFails(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(AuthenticationFailedException.class);
    }
}

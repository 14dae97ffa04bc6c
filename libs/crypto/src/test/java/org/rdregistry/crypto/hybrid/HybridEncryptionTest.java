package org.rdregistry.crypto.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.InvalidEncodingException;

/** The curve KEM + HKDF + AES-GCM hybrid scheme of spec §7.3 and its checks H.1-H.3. */
class HybridEncryptionTest {

    private static final String LABEL = "opinion/v1";
    private static final byte[] AAD = "consultation=c-42".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MESSAGE = "suspected Fabry disease; recommend GLA sequencing".getBytes(StandardCharsets.UTF_8);

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    @ParameterizedTest
    @MethodSource("groups")
    void roundTrip(GroupContext group) {
        KeyPair kp = KeyPair.generate(group);
        SealedBox box = HybridEncryption.seal(kp.publicKey(), LABEL, MESSAGE, AAD);
        assertThat(box.ciphertext()).hasSize(MESSAGE.length + 16);
        assertThat(HybridEncryption.open(kp, LABEL, box, AAD)).isEqualTo(MESSAGE);
        // Fresh ephemeral and nonce every time.
        SealedBox again = HybridEncryption.seal(kp.publicKey(), LABEL, MESSAGE, AAD);
        assertThat(again.ephemeral()).isNotEqualTo(box.ephemeral());
        assertThat(again.nonce()).isNotEqualTo(box.nonce());
    }

    @ParameterizedTest
    @MethodSource("groups")
    void emptyAndOneMebibytePlaintexts(GroupContext group) {
        KeyPair kp = KeyPair.generate(group);
        SealedBox empty = HybridEncryption.seal(kp.publicKey(), LABEL, new byte[0], AAD);
        assertThat(empty.ciphertext()).hasSize(16);
        assertThat(HybridEncryption.open(kp, LABEL, empty, AAD)).isEmpty();

        byte[] large = new byte[1 << 20];
        group.random().nextBytes(large);
        SealedBox big = HybridEncryption.seal(kp.publicKey(), LABEL, large, new byte[0]);
        assertThat(HybridEncryption.open(kp, LABEL, big, new byte[0])).isEqualTo(large);
        byte[] c = big.ciphertext();
        c[c.length / 2] ^= 1;
        SealedBox tampered = new SealedBox(big.ephemeral(), big.nonce(), c);
        assertThatThrownBy(() -> HybridEncryption.open(kp, LABEL, tampered, new byte[0]))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void everyWrongInputFailsAuthentication(GroupContext group) {
        KeyPair kp = KeyPair.generate(group);
        SealedBox box = HybridEncryption.seal(kp.publicKey(), LABEL, MESSAGE, AAD);

        KeyPair other = KeyPair.generate(group);
        assertFails(() -> HybridEncryption.open(other, LABEL, box, AAD));

        for (int i : new int[] {0, MESSAGE.length - 1, MESSAGE.length, MESSAGE.length + 15}) {
            byte[] c = box.ciphertext();
            c[i] ^= 0x40;
            assertFails(() -> HybridEncryption.open(kp, LABEL, new SealedBox(box.ephemeral(), box.nonce(), c), AAD));
        }
        byte[] truncated = java.util.Arrays.copyOf(box.ciphertext(), box.ciphertext().length - 1);
        assertFails(() -> HybridEncryption.open(kp, LABEL, new SealedBox(box.ephemeral(), box.nonce(), truncated), AAD));

        byte[] n = box.nonce();
        n[11] ^= 1;
        assertFails(() -> HybridEncryption.open(kp, LABEL, new SealedBox(box.ephemeral(), n, box.ciphertext()), AAD));

        assertFails(() -> HybridEncryption.open(kp, LABEL, box, "consultation=c-43".getBytes(StandardCharsets.UTF_8)));
        assertFails(() -> HybridEncryption.open(kp, LABEL, box, new byte[0]));
        assertFails(() -> HybridEncryption.open(kp, "opinion/v2", box, AAD));

        // Swapped ephemeral: that of another box to the same recipient, and a random point.
        SealedBox second = HybridEncryption.seal(kp.publicKey(), LABEL, MESSAGE, AAD);
        assertFails(() -> HybridEncryption.open(kp, LABEL, new SealedBox(second.ephemeral(), box.nonce(), box.ciphertext()), AAD));
        ECPoint random = group.multiplyG(group.randomScalar());
        assertFails(() -> HybridEncryption.open(kp, LABEL, new SealedBox(random, box.nonce(), box.ciphertext()), AAD));
    }

    @ParameterizedTest
    @MethodSource("groups")
    void openWithSharedPoint(GroupContext group) {
        KeyPair kp = KeyPair.generate(group);
        SealedBox box = HybridEncryption.seal(kp.publicKey(), LABEL, MESSAGE, AAD);
        ECPoint shared = HybridEncryption.sharedPoint(kp, box);
        // S = sk * E, computed here independently of the library's helper.
        assertThat(shared).isEqualTo(box.ephemeral().multiply(kp.secret()).normalize());
        assertThat(HybridEncryption.openWithSharedPoint(kp.publicKey(), LABEL, shared, box, AAD)).isEqualTo(MESSAGE);

        ECPoint wrong = shared.add(group.generator()).normalize();
        assertFails(() -> HybridEncryption.openWithSharedPoint(kp.publicKey(), LABEL, wrong, box, AAD));
        KeyPair other = KeyPair.generate(group);
        assertFails(() -> HybridEncryption.openWithSharedPoint(other.publicKey(), LABEL, shared, box, AAD));
        assertThatThrownBy(() -> HybridEncryption.openWithSharedPoint(kp.publicKey(), LABEL, group.infinity(), box, AAD))
                .isInstanceOf(InvalidEncodingException.class);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void pointsFromAnotherCurveOrInfinityAreRejected(GroupContext group) {
        GroupContext otherGroup = group == GroupContext.p256() ? GroupContext.secp256k1() : GroupContext.p256();
        KeyPair kp = KeyPair.generate(group);
        SealedBox box = HybridEncryption.seal(kp.publicKey(), LABEL, MESSAGE, AAD);
        SealedBox foreign = new SealedBox(otherGroup.generator(), box.nonce(), box.ciphertext());
        assertThatThrownBy(() -> HybridEncryption.open(kp, LABEL, foreign, AAD)).isInstanceOf(InvalidEncodingException.class);
        ECPoint shared = HybridEncryption.sharedPoint(kp, box);
        assertThatThrownBy(() -> HybridEncryption.openWithSharedPoint(kp.publicKey(), LABEL, shared, foreign, AAD))
                .isInstanceOf(InvalidEncodingException.class);
        SealedBox atInfinity = new SealedBox(group.infinity(), box.nonce(), box.ciphertext());
        assertThatThrownBy(() -> HybridEncryption.open(kp, LABEL, atInfinity, AAD)).isInstanceOf(InvalidEncodingException.class);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void structuralChecks(GroupContext group) {
        KeyPair kp = KeyPair.generate(group);
        assertThatThrownBy(() -> HybridEncryption.seal(kp.publicKey(), "x".repeat(65_536), MESSAGE, AAD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("H.3");
        assertThat(HybridEncryption.open(kp, "x".repeat(65_535),
                HybridEncryption.seal(kp.publicKey(), "x".repeat(65_535), MESSAGE, AAD), AAD)).isEqualTo(MESSAGE);
        assertThatThrownBy(() -> new SealedBox(group.generator(), new byte[11], new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SealedBox(group.generator(), new byte[12], new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThat(HybridEncryption.seal(kp.publicKey(), LABEL, MESSAGE, AAD).toString()).doesNotContain("Fabry");
    }

    @Property(tries = 25)
    void roundTripsArbitraryInputs(@ForAll @Size(max = 300) byte[] plaintext, @ForAll @Size(max = 40) byte[] aad,
            @ForAll @StringLength(max = 30) String label) {
        GroupContext group = GroupContext.p256();
        KeyPair kp = KeyPair.generate(group);
        SealedBox box = HybridEncryption.seal(kp.publicKey(), label, plaintext, aad);
        assertThat(HybridEncryption.open(kp, label, box, aad)).isEqualTo(plaintext);
        assertFails(() -> HybridEncryption.open(kp, label + "'", box, aad));
    }

    private static void assertFails(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(AuthenticationFailedException.class);
    }
}

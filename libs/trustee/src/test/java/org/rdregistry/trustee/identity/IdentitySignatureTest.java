package org.rdregistry.trustee.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class IdentitySignatureTest {

    static final GroupContext GROUP = GroupContext.p256();
    static final KeyPair ALICE = KeyPair.generate(GROUP);
    static final KeyPair BOB = KeyPair.generate(GROUP);
    static final ProofContext MESSAGE = ProofContext.of("ceremony", "c-1").with("round", "share").with("sender", 1)
            .with("payload", new byte[] {1, 2, 3});

    @Test
    void aSignatureVerifiesUnderItsKeyAndMessageOnly() {
        byte[] sig = IdentitySignature.sign(ALICE, MESSAGE);
        assertThat(sig).hasSize(65);
        assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE, sig)).isTrue();
        assertThat(IdentitySignature.verify(BOB.publicKey(), MESSAGE, sig)).isFalse();
        assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE.with("x", 1), sig)).isFalse();
        assertThat(IdentitySignature.verify(ALICE.publicKey(),
                ProofContext.of("ceremony", "c-1").with("round", "share").with("sender", 2)
                        .with("payload", new byte[] {1, 2, 3}), sig)).isFalse();
    }

    @Test
    void signaturesAreRandomisedButBothVerify() {
        byte[] a = IdentitySignature.sign(ALICE, MESSAGE);
        byte[] b = IdentitySignature.sign(ALICE, MESSAGE);
        assertThat(a).isNotEqualTo(b);
        assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE, b)).isTrue();
    }

    @Test
    void everyBitFlipOfTheSignatureIsRejected() {
        byte[] sig = IdentitySignature.sign(ALICE, MESSAGE);
        for (int i = 0; i < sig.length * 8; i++) {
            byte[] m = sig.clone();
            m[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE, m)).as("bit %d", i).isFalse();
        }
    }

    @Test
    void malformedSignaturesAreRejectedNotThrown() {
        byte[] sig = IdentitySignature.sign(ALICE, MESSAGE);
        assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE, null)).isFalse();
        assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE, Arrays.copyOf(sig, 64))).isFalse();
        assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE, Arrays.copyOf(sig, 66))).isFalse();
        assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE, new byte[65])).isFalse();
        byte[] bigZ = sig.clone();
        Arrays.fill(bigZ, 33, 65, (byte) 0xff);   // z >= q
        assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE, bigZ)).isFalse();
    }

    @Test
    void aSignatureOnOneCurveIsNotValidOnTheOther() {
        KeyPair k1 = KeyPair.generate(GroupContext.secp256k1());
        byte[] sig = IdentitySignature.sign(k1, MESSAGE);
        assertThat(IdentitySignature.verify(k1.publicKey(), MESSAGE, sig)).isTrue();
        assertThat(IdentitySignature.verify(ALICE.publicKey(), MESSAGE, sig)).isFalse();
    }

    @Property(tries = 25)
    void signAndVerifyArbitraryPayloads(@ForAll @Size(max = 200) byte[] payload,
                                        @ForAll @IntRange(min = 0, max = 1023) int flip) {
        ProofContext m = ProofContext.of("payload", payload);
        byte[] sig = IdentitySignature.sign(ALICE, m);
        assertThat(IdentitySignature.verify(ALICE.publicKey(), m, sig)).isTrue();
        if (payload.length > 0) {
            byte[] other = payload.clone();
            other[flip % other.length] ^= 0x40;
            assertThat(IdentitySignature.verify(ALICE.publicKey(), ProofContext.of("payload", other), sig)).isFalse();
        }
    }
}

package org.rdregistry.registry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class IntakeAttestationTest {

    private static final byte[] KAT_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KAT_KEY[i] = (byte) i;
        }
    }

    /** P-256's generator as the registry key (the public key of the secret 1): a well-known encoding. */
    private static final GroupContext GROUP = GroupContext.p256();
    private static final PublicKey G = new PublicKey(GROUP, GROUP.generator());
    private static final String SCHEMA = "1";
    private static final String TOPIC = "registry.records.v1";
    private static final String KEY = "p/ORPHA:558";
    private static final byte[] VALUE = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void knownAnswer() {
        assertThat(HexFormat.of().formatHex(G.encoded()))
                .isEqualTo("036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
        // computed independently with Python's hmac module over the documented message layout:
        // len32(domain) || len32(registry key) || len32(schema) || len32(topic) || len32(key) || len64(value) || value
        assertThat(HexFormat.of().formatHex(attestation(KAT_KEY).attest(TOPIC, KEY, VALUE)))
                .isEqualTo("0150ac4c5711ac4404cb34934508b0ba86698aade0ef24bc5706d57bfaa974cce1");
    }

    @Test
    void verifiesItsOwnAttestationOnly() {
        IntakeAttestation attestation = attestation(KAT_KEY);
        byte[] header = attestation.attest(TOPIC, KEY, VALUE);
        assertThat(attestation.verify(TOPIC, KEY, VALUE, header)).isTrue();

        assertThat(attestation.verify("other.records", KEY, VALUE, header)).as("other topic").isFalse();
        assertThat(attestation.verify(TOPIC, "q/ORPHA:558", VALUE, header)).as("other key").isFalse();
        byte[] tampered = VALUE.clone();
        tampered[3] ^= 1;
        assertThat(attestation.verify(TOPIC, KEY, tampered, header)).as("value changed").isFalse();
        byte[] flipped = header.clone();
        flipped[17] ^= 1;
        assertThat(attestation.verify(TOPIC, KEY, VALUE, flipped)).as("MAC changed").isFalse();
        byte[] version = header.clone();
        version[0] = 2;
        assertThat(attestation.verify(TOPIC, KEY, VALUE, version)).as("unknown version").isFalse();
        assertThat(attestation.verify(TOPIC, KEY, VALUE, java.util.Arrays.copyOf(header, 32))).as("truncated").isFalse();
        assertThat(attestation.verify(TOPIC, KEY, VALUE, null)).as("missing").isFalse();
        assertThat(attestation.verify(TOPIC, KEY, null, header)).as("tombstone").isFalse();

        byte[] otherKey = KAT_KEY.clone();
        otherKey[0] ^= 1;
        assertThat(attestation(otherKey).verify(TOPIC, KEY, VALUE, header)).as("other key").isFalse();
    }

    @Test
    void boundToTheRegistryKeyAndSchemaIntakeVerifiedAgainst() {
        byte[] header = attestation(KAT_KEY).attest(TOPIC, KEY, VALUE);
        PublicKey otherRegistry = new PublicKey(GROUP, GROUP.generator().twice());
        assertThat(new IntakeAttestation(KAT_KEY, otherRegistry, SCHEMA).verify(TOPIC, KEY, VALUE, header))
                .as("other registry key").isFalse();
        assertThat(new IntakeAttestation(KAT_KEY, G, "2").verify(TOPIC, KEY, VALUE, header)).as("other schema").isFalse();
    }

    @Test
    void keyAndFieldBoundariesAreUnambiguous() {
        // the same bytes split differently between topic and key must not attest each other
        IntakeAttestation attestation = attestation(KAT_KEY);
        byte[] header = attestation.attest("ab", "c", VALUE);
        assertThat(attestation.verify("a", "bc", VALUE, header)).isFalse();
    }

    @Property(tries = 200)
    void anyChangedValueFails(@ForAll @Size(min = 1, max = 300) byte[] value, @ForAll int position, @ForAll byte delta) {
        IntakeAttestation attestation = attestation(KAT_KEY);
        byte[] header = attestation.attest(TOPIC, KEY, value);
        assertThat(attestation.verify(TOPIC, KEY, value, header)).isTrue();
        if (delta != 0) {
            byte[] changed = value.clone();
            changed[Math.floorMod(position, value.length)] += delta;
            assertThat(attestation.verify(TOPIC, KEY, changed, header)).isFalse();
        }
    }

    @Test
    void readsAKeyFile(@TempDir Path dir) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = dir.resolve("intake-attestation.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        byte[] header = attestation(key).attest(TOPIC, KEY, VALUE);
        assertThat(IntakeAttestation.fromFile(file, G, SCHEMA).verify(TOPIC, KEY, VALUE, header)).isTrue();
    }

    @Test
    void refusesBadKeysWithoutShowingThem(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> attestation(new byte[31])).hasMessageContaining("at least 32 bytes");
        Path shortKey = dir.resolve("short.key");
        Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> IntakeAttestation.fromFile(shortKey, G, SCHEMA)).hasMessageContaining("fewer than 32 bytes");
        Path notBase64 = dir.resolve("text.key");
        Files.writeString(notBase64, "secret-but-not-base64!!");
        assertThatThrownBy(() -> IntakeAttestation.fromFile(notBase64, G, SCHEMA)).hasMessageContaining("not base64")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> IntakeAttestation.fromFile(dir.resolve("absent.key"), G, SCHEMA)).hasMessageContaining("cannot read");
    }

    private static IntakeAttestation attestation(byte[] key) {
        return new IntakeAttestation(key, G, SCHEMA);
    }
}

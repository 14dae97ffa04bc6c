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

    private static final String TOPIC = "registry.records.v1";
    private static final String KEY = "p/ORPHA:558";
    private static final byte[] VALUE = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void knownAnswer() {
        // computed independently with Python's hmac module over the documented message layout:
        // len32(domain) || len32(topic) || len32(key) || len64(value) || value
        assertThat(HexFormat.of().formatHex(new IntakeAttestation(KAT_KEY).attest(TOPIC, KEY, VALUE)))
                .isEqualTo("01cad29c454722b42f80e4c3bb56bf4edc54d0cf6b143ffc4e644090e916cb99db");
    }

    @Test
    void verifiesItsOwnAttestationOnly() {
        IntakeAttestation attestation = new IntakeAttestation(KAT_KEY);
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
        assertThat(new IntakeAttestation(otherKey).verify(TOPIC, KEY, VALUE, header)).as("other key").isFalse();
    }

    @Test
    void keyAndFieldBoundariesAreUnambiguous() {
        // the same bytes split differently between topic and key must not attest each other
        IntakeAttestation attestation = new IntakeAttestation(KAT_KEY);
        byte[] header = attestation.attest("ab", "c", VALUE);
        assertThat(attestation.verify("a", "bc", VALUE, header)).isFalse();
    }

    @Property(tries = 200)
    void anyChangedValueFails(@ForAll @Size(min = 1, max = 300) byte[] value, @ForAll int position, @ForAll byte delta) {
        IntakeAttestation attestation = new IntakeAttestation(KAT_KEY);
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
        byte[] header = new IntakeAttestation(key).attest(TOPIC, KEY, VALUE);
        assertThat(IntakeAttestation.fromFile(file).verify(TOPIC, KEY, VALUE, header)).isTrue();
    }

    @Test
    void refusesBadKeysWithoutShowingThem(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new IntakeAttestation(new byte[31])).hasMessageContaining("at least 32 bytes");
        Path shortKey = dir.resolve("short.key");
        Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> IntakeAttestation.fromFile(shortKey)).hasMessageContaining("fewer than 32 bytes");
        Path notBase64 = dir.resolve("text.key");
        Files.writeString(notBase64, "secret-but-not-base64!!");
        assertThatThrownBy(() -> IntakeAttestation.fromFile(notBase64)).hasMessageContaining("not base64")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> IntakeAttestation.fromFile(dir.resolve("absent.key"))).hasMessageContaining("cannot read");
    }
}

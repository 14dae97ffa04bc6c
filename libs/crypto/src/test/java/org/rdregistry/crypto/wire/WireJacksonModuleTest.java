package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.hybrid.HybridEncryption;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.proof.DleqProof;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The Jackson 3 module: wire values embedded in a service's own events. */
class WireJacksonModuleTest {

    static final GroupContext G = GroupContext.p256();
    static final JsonMapper MAPPER = JsonMapper.builder().addModule(Wire.jacksonModule()).build();

    public record Event(String id, PublicKey key, Ciphertext total, List<Ciphertext> bins, CiphertextList list,
                        DleqProof proof, SealedBox blob, Scalar weight, Ciphertext absent) {
    }

    public record SecretEvent(String id, Encryption encryption) {
    }

    public record KeyEvent(KeyPair keyPair) {
    }

    static Event event() {
        KeyPair kp = KeyPair.generate(G);
        ElGamal elgamal = new ElGamal(G);
        Ciphertext a = elgamal.encrypt(kp.publicKey(), 3).ciphertext();
        Ciphertext b = elgamal.encrypt(kp.publicKey(), -4).ciphertext();
        return new Event("e-1", kp.publicKey(), a.add(b), List.of(a, b, Ciphertext.zero(G)),
                CiphertextList.of(G, b), Samples.dleq(G),
                HybridEncryption.seal(kp.publicKey(), "l", "x".getBytes(StandardCharsets.UTF_8), new byte[0]),
                new Scalar(G, G.randomScalar()), null);
    }

    @Test
    void embeddedValuesRoundTripInTheirWireJsonForm() {
        Event e = event();
        String json = MAPPER.writeValueAsString(e);
        assertThat(json).contains("\"total\":" + Wire.toJson(e.total()))
                .contains("\"key\":" + Wire.toJson(e.key()))
                .contains("\"absent\":null");
        Event back = MAPPER.readValue(json, Event.class);
        assertThat(back).isEqualTo(e);
    }

    @Test
    void invalidEmbeddedValueFailsWithTheWireCheck() {
        Event e = event();
        String json = MAPPER.writeValueAsString(e);
        String tampered = json.replace(Wire.toJson(e.key()),
                Wire.toJson(e.key()).replaceAll("\"point\":\"[^\"]+\"", "\"point\":\"" + WireKnownEncodingTest.ZERO_B64 + "\""));
        assertThat(tampered).isNotEqualTo(json);
        assertThatThrownBy(() -> MAPPER.readValue(tampered, Event.class))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("W.10")
                .hasRootCauseInstanceOf(org.rdregistry.crypto.group.InvalidEncodingException.class);
        String unknown = json.replace("\"type\":\"public-key\"", "\"type\":\"public-key\",\"extra\":1");
        assertThatThrownBy(() -> MAPPER.readValue(unknown, Event.class)).hasMessageContaining("W.14");
        String notObject = json.replace(Wire.toJson(e.total()), "\"abc\"");
        assertThatThrownBy(() -> MAPPER.readValue(notObject, Event.class)).hasMessageContaining("W.15");
    }

    @Test
    void duplicatePropertiesAreRejectedEvenIfTheMapperAllowsThem() {
        Event e = event();
        String key = Wire.toJson(e.key());
        String dup = MAPPER.writeValueAsString(e).replace(key, key.replace("\"v\":1,", "\"v\":1,\"v\":1,"));
        assertThatThrownBy(() -> MAPPER.readValue(dup, Event.class)).hasMessageContaining("W.15: duplicate");
    }

    @Test
    void secretHoldingTypesAreRefusedBothWays() {
        Encryption enc = new ElGamal(G).encrypt(KeyPair.generate(G).publicKey(), 1);
        assertThatThrownBy(() -> MAPPER.writeValueAsString(new SecretEvent("s", enc)))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("secret encryption randomness");
        assertThatThrownBy(() -> MAPPER.writeValueAsString(new KeyEvent(KeyPair.generate(G))))
                .hasMessageContaining("secret key");
        assertThatThrownBy(() -> MAPPER.readValue("{\"id\":\"s\",\"encryption\":{}}", SecretEvent.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("no wire form");
    }

    @Test
    void aRegistryWithMoreCodecsGivesAModuleWithMoreTypes() {
        WireRegistry extended = WireRegistry.standard().toBuilder().add(CodecDslTest.SAMPLE).build();
        JsonMapper mapper = JsonMapper.builder().addModule(extended.jacksonModule()).build();
        CodecDslTest.Sample s = CodecDslTest.sample();
        String json = mapper.writeValueAsString(s);
        assertThat(json).isEqualTo(extended.toJson(s));
        assertThat(extended.toBytes(mapper.readValue(json, CodecDslTest.Sample.class))).isEqualTo(extended.toBytes(s));
    }
}

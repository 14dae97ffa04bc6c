package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link Wire#readJsonFields}: the envelope and field-set checks of a full decoding, the wanted fields
 * decoded with their own checks, the others not decoded at all.
 */
class WireReadJsonFieldsTest {

    static final GroupContext G = GroupContext.p256();
    static final KeyPair KEY = KeyPair.generate(G);
    static final OneHotEncryption ONE_HOT = OneHotEncryption.prove(G, KEY.publicKey(), ProofContext.of("t", "1"), 1, 3);
    static final String JSON = Wire.toJson(ONE_HOT);
    static final String OFF_CURVE = JsonTree.base64(Samples.offCurve(G));

    @Test
    void theWantedFieldIsTheFullDecodingsValue() {
        Map<String, Object> read = read(JSON, OneHotEncryption.class, G, "ciphertexts");
        assertThat(read).containsOnlyKeys("ciphertexts");
        assertThat(read.get("ciphertexts")).isEqualTo(Wire.fromJson(JSON, OneHotEncryption.class).ciphertexts());
    }

    @Test
    void fieldsNotWantedAreNotDecoded() {
        // a proof point off the curve: the full decoding rejects it, reading only the ciphertexts does not look
        String a0 = JsonTree.base64(G.encodeWirePoint(ONE_HOT.bitProofs().get(0).a0()));
        String badProof = JSON.replaceFirst(a0, OFF_CURVE);
        assertThat(badProof).isNotEqualTo(JSON);
        assertThatThrownBy(() -> Wire.fromJson(badProof, OneHotEncryption.class)).hasMessageContaining("W.10");
        assertThat(read(badProof, OneHotEncryption.class, G, "ciphertexts").get("ciphertexts"))
                .isEqualTo(ONE_HOT.ciphertexts());
    }

    @Test
    void aWantedFieldGetsEveryCheck() {
        String alpha = JsonTree.base64(G.encodeWirePoint(ONE_HOT.ciphertexts().get(1).alpha()));
        String badCell = JSON.replace(alpha, OFF_CURVE);
        assertThatThrownBy(() -> read(badCell, OneHotEncryption.class, G, "ciphertexts"))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("W.10")
                .hasMessageContaining("one-hot-encryption.ciphertexts[1].alpha");
        String padded = JSON.replace(alpha, alpha + "=");
        assertThatThrownBy(() -> read(padded, OneHotEncryption.class, G, "ciphertexts"))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("W.12");
    }

    @Test
    void theEnvelopeAndTheFieldSetAreChecked() {
        assertThatThrownBy(() -> read(JSON.replace("\"v\":1", "\"v\":2"), OneHotEncryption.class, G, "ciphertexts"))
                .hasMessageContaining("W.3");
        assertThatThrownBy(() -> read(JSON, RangeProof.class, G, "bitCiphertexts")).hasMessageContaining("W.6");
        assertThatThrownBy(() -> read(JSON, OneHotEncryption.class, GroupContext.secp256k1(), "ciphertexts"))
                .hasMessageContaining("W.7");
        assertThatThrownBy(() -> read(JSON.replace("\"sumProof\"", "\"sumProofs\""), OneHotEncryption.class, G,
                "ciphertexts")).hasMessageContaining("W.14");
        String withoutProofs = JSON.replaceFirst(",\"bitProofs\":\\[.*\\],\"sumProof\"", ",\"sumProof\"");
        assertThat(withoutProofs).isNotEqualTo(JSON);
        assertThatThrownBy(() -> read(withoutProofs, OneHotEncryption.class, G, "ciphertexts"))
                .hasMessageContaining("W.8").hasMessageContaining("bitProofs");
        assertThatThrownBy(() -> read(JSON, OneHotEncryption.class, G, "cells"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Object> read(String json, Class<?> type, GroupContext group, String field) {
        try (JsonParser p = JsonMapper.builder().build().createParser(json)) {
            p.nextToken();
            return Wire.readJsonFields(p, type, group, Set.of(field));
        }
    }
}

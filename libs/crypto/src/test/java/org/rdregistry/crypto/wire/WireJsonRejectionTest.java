package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.SealedBox;

/** JSON rejections (spec §8.5, §8.6): envelope, fields, base64url, syntax and limits. */
class WireJsonRejectionTest {

    static final String G = WireKnownEncodingTest.G_B64;
    static final String G2 = WireKnownEncodingTest.G2_B64;
    static final String VALID = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"ciphertext\",\"alpha\":\"" + G
            + "\",\"beta\":\"" + G2 + "\"}";

    static String check(String json, Class<?> type) {
        try {
            Wire.fromJson(json, type);
        } catch (WireFormatException e) {
            return e.check();
        }
        throw new AssertionError("not rejected: " + json);
    }

    static String ct(String replaceWhat, String with) {
        assertThat(VALID).contains(replaceWhat);
        return VALID.replace(replaceWhat, with);
    }

    @Test
    void theValidDocumentIsAcceptedInAnyPropertyOrder() {
        assertThat(Wire.fromJson(VALID, Ciphertext.class)).isEqualTo(WireKnownEncodingTest.gAnd2g(GroupContext.p256()));
        String shuffled = "{\"beta\":\"" + G2 + "\",\"type\":\"ciphertext\",\"alpha\":\"" + G
                + "\",\"curve\":\"P-256\",\"v\":1}";
        assertThat(Wire.fromJson(shuffled, Ciphertext.class)).isEqualTo(Wire.fromJson(VALID, Ciphertext.class));
        assertThat(Wire.fromJson(" \n" + VALID + "\n ")).isInstanceOf(Ciphertext.class);
    }

    @Test
    void missingFieldIsRejected() {
        assertThatThrownBy(() -> Wire.fromJson(ct(",\"beta\":\"" + G2 + "\"", ""), Ciphertext.class))
                .isInstanceOf(WireFormatException.class).hasMessage("W.8: missing field ciphertext.beta");
    }

    @Test
    void unknownFieldIsRejected() {
        assertThatThrownBy(() -> Wire.fromJson(ct("}", ",\"gamma\":1}"), Ciphertext.class))
                .isInstanceOf(WireFormatException.class).hasMessage("W.14: unknown field ciphertext.\"gamma\"");
        // unknown fields are rejected in nested objects as well
        String list = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"ciphertext-list\",\"ciphertexts\":[{\"alpha\":\"" + G
                + "\",\"beta\":\"" + G2 + "\",\"x\":null}]}";
        assertThatThrownBy(() -> Wire.fromJson(list, CiphertextList.class))
                .hasMessage("W.14: unknown field ciphertext-list.ciphertexts[0].\"x\"");
    }

    @Test
    void wrongVersionIsRejected() {
        assertThat(check(ct("\"v\":1", "\"v\":2"), Ciphertext.class)).isEqualTo("W.3");
        assertThat(check(ct("\"v\":1", "\"v\":0"), Ciphertext.class)).isEqualTo("W.3");
        assertThat(check(ct("\"v\":1", "\"v\":\"1\""), Ciphertext.class)).isEqualTo("W.3");
        assertThat(check(ct("\"v\":1", "\"v\":1.0"), Ciphertext.class)).isEqualTo("W.3");
        assertThat(check(ct("\"v\":1", "\"v\":null"), Ciphertext.class)).isEqualTo("W.3");
        assertThat(check(ct("\"v\":1", "\"v\":18446744073709551617"), Ciphertext.class)).isEqualTo("W.3");
        assertThat(check(ct("\"v\":1,", ""), Ciphertext.class)).isEqualTo("W.3");
        assertThatThrownBy(() -> Wire.fromJson(ct("\"v\":1", "\"v\":2"), Ciphertext.class))
                .hasMessage("W.3: unknown version 2");
    }

    @Test
    void wrongOrUnknownTypeIsRejected() {
        assertThat(check(ct("\"ciphertext\"", "\"cipher\""), Ciphertext.class)).isEqualTo("W.5");
        assertThat(check(ct("\"type\":\"ciphertext\",", ""), Ciphertext.class)).isEqualTo("W.5");
        assertThat(check(ct("\"ciphertext\"", "3"), Ciphertext.class)).isEqualTo("W.5");
        assertThatThrownBy(() -> Wire.fromJson(ct("\"ciphertext\"", "\"public-key\""), Ciphertext.class))
                .hasMessage("W.6: expected a ciphertext, got a public-key");
        // and a public key document read as a public key is fine
        String pk = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"public-key\",\"point\":\"" + G + "\"}";
        assertThat(Wire.fromJson(pk, PublicKey.class).point()).isEqualTo(GroupContext.p256().generator());
    }

    @Test
    void wrongCurveIsRejected() {
        assertThatThrownBy(() -> Wire.fromJson(VALID, Ciphertext.class, GroupContext.secp256k1()))
                .hasMessage("W.7: wrong curve: expected secp256k1, got P-256");
        assertThat(check(ct("\"P-256\"", "\"P-384\""), Ciphertext.class)).isEqualTo("W.4");
        assertThat(check(ct("\"P-256\"", "\"p-256\""), Ciphertext.class)).isEqualTo("W.4");
        assertThat(check(ct("\"P-256\"", "\"secp256r1\""), Ciphertext.class)).isEqualTo("W.4");
        assertThat(check(ct("\"P-256\"", "1"), Ciphertext.class)).isEqualTo("W.4");
        assertThat(check(ct("\"curve\":\"P-256\",", ""), Ciphertext.class)).isEqualTo("W.7");
        assertThat(check("{\"v\":1,\"curve\":\"P-256\",\"type\":\"proof-context\",\"bytes\":\"\"}",
                ProofContext.class)).isEqualTo("W.7");
    }

    @Test
    void badBase64urlIsRejected() {
        assertThat(check(ct(G, G.replace('-', '+')), Ciphertext.class)).isEqualTo("W.12");
        assertThat(check(ct(G, G.substring(0, 86) + "="), Ciphertext.class)).isEqualTo("W.12");
        assertThat(check(ct(G, G + "="), Ciphertext.class)).isEqualTo("W.12");
        assertThat(check(ct(G, G.substring(1)), Ciphertext.class)).isEqualTo("W.12");
        assertThat(check(ct(G, G.substring(0, 20) + " " + G.substring(21)), Ciphertext.class)).isEqualTo("W.12");
        // 65-byte point: 87 characters with two unused bits that must be zero (G ends in "U" = 010100)
        assertThat(G).hasSize(87).endsWith("U");
        assertThatThrownBy(() -> Wire.fromJson(ct(G, G.substring(0, 86) + "V"), Ciphertext.class))
                .hasMessageStartingWith("W.12: non-canonical base64url in ciphertext.alpha");
        // the 44-character base64url of the compressed (hashing) form of G is not a wire point
        String compressedG = "A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW";
        assertThatThrownBy(() -> Wire.fromJson(ct(G, compressedG), Ciphertext.class))
                .hasMessage("W.12: ciphertext.alpha must be 87 base64url characters (65 bytes), got 44");
        // 32-byte scalar: 43 characters with two unused bits that must be zero
        String scalar = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"scalar\",\"value\":\"" + "A".repeat(42) + "%s\"}";
        assertThat(Wire.fromJson(scalar.formatted("c"), Scalar.class).value()).isEqualTo(BigInteger.valueOf(7));
        assertThatThrownBy(() -> Wire.fromJson(scalar.formatted("d"), Scalar.class))
                .hasMessageStartingWith("W.12: non-canonical base64url in scalar.value");
        // 16-byte variable field: four unused bits
        String box = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"sealed-box\",\"ephemeral\":\"" + G
                + "\",\"nonce\":\"AAECAwQFBgcICQoL\",\"ciphertext\":\"qqqqqqqqqqqqqqqqqqqqq%s\"}";
        assertThat(Wire.fromJson(box.formatted("g"), SealedBox.class).ciphertext()).hasSize(16);
        assertThat(check(box.formatted("h"), SealedBox.class)).isEqualTo("W.12");
        assertThat(check(box.formatted("g=="), SealedBox.class)).isEqualTo("W.12");
        assertThat(check(box.replace("AAECAwQFBgcICQoL", "AAECAwQFBgcICQ"), SealedBox.class)).isEqualTo("W.12");
    }

    @Test
    void wrongJsonKindsAreRejected() {
        assertThat(check(ct("\"" + G + "\"", "null"), Ciphertext.class)).isEqualTo("W.12");
        assertThat(check(ct("\"" + G + "\"", "12"), Ciphertext.class)).isEqualTo("W.12");
        assertThat(check(ct("\"" + G + "\"", "[\"" + G + "\"]"), Ciphertext.class)).isEqualTo("W.12");
        String list = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"ciphertext-list\",\"ciphertexts\":%s}";
        assertThat(check(list.formatted("{}"), CiphertextList.class)).isEqualTo("W.12");
        assertThat(check(list.formatted("[\"x\"]"), CiphertextList.class)).isEqualTo("W.12");
        assertThat(Wire.fromJson(list.formatted("[]"), CiphertextList.class).size()).isZero();
    }

    @Test
    void invalidPointsAndScalarsAreRejectedAsInBinary() {
        GroupContext g = GroupContext.p256();
        String pk = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"public-key\",\"point\":\"%s\"}";
        assertThatThrownBy(() -> Wire.fromJson(pk.formatted(WireKnownEncodingTest.ZERO_B64), PublicKey.class))
                .hasMessage("W.10: invalid point in public-key.point: point at infinity not allowed here");
        assertThatThrownBy(() -> Wire.fromJson(pk.formatted(JsonTree.base64(Samples.offCurve(g))), PublicKey.class))
                .hasMessage("W.10: invalid point in public-key.point: point (x, y) not on P-256");
        assertThat(check(pk.formatted(JsonTree.base64(Samples.wirePoint(GroupContext.secp256k1().generator()))),
                PublicKey.class)).isEqualTo("W.10");
        byte[] compressedPrefix = Samples.wirePoint(g.generator());
        compressedPrefix[0] = 0x03;
        assertThatThrownBy(() -> Wire.fromJson(pk.formatted(JsonTree.base64(compressedPrefix)), PublicKey.class))
                .hasMessageStartingWith("W.10: invalid point in public-key.point: point must use uncompressed");
        byte[] yIsPrime = Samples.wirePoint(g.generator().getAffineXCoord().toBigInteger(),
                g.curve().getField().getCharacteristic());
        assertThatThrownBy(() -> Wire.fromJson(pk.formatted(JsonTree.base64(yIsPrime)), PublicKey.class))
                .hasMessageContaining("y-coordinate not below the field prime");
        // infinity is fine where the field allows it
        assertThat(Wire.fromJson(ct(G, WireKnownEncodingTest.ZERO_B64), Ciphertext.class).alpha().isInfinity()).isTrue();
        String scalar = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"scalar\",\"value\":\"%s\"}";
        assertThatThrownBy(() -> Wire.fromJson(scalar.formatted(JsonTree.base64(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, g.order()))),
                Scalar.class)).hasMessageStartingWith("W.11: invalid scalar in scalar.value");
    }

    @Test
    void syntaxErrorsAreRejected() {
        assertThat(check(VALID.substring(0, VALID.length() - 1), Ciphertext.class)).isEqualTo("W.15");
        assertThat(check(VALID + "{}", Ciphertext.class)).isEqualTo("W.15");
        assertThat(check(VALID + "x", Ciphertext.class)).isEqualTo("W.15");
        assertThat(check("[" + VALID + "]", Ciphertext.class)).isEqualTo("W.15");
        assertThat(check("", Ciphertext.class)).isEqualTo("W.15");
        assertThat(check("null", Ciphertext.class)).isEqualTo("W.15");
        assertThatThrownBy(() -> Wire.fromJson(ct("}", ",\"beta\":\"" + G2 + "\"}"), Ciphertext.class))
                .hasMessage("W.15: duplicate JSON property \"beta\"");
        assertThat(check(ct("}", ",\"v\":1}"), Ciphertext.class)).isEqualTo("W.15");
        String deep = "[".repeat(40) + "]".repeat(40);
        assertThat(check(ct("}", ",\"x\":" + deep + "}"), Ciphertext.class)).isEqualTo("W.15");
    }

    @Test
    void oversizedDocumentsAndFieldsAreRejected() {
        String huge = ct("}", ",\"pad\":\"" + "A".repeat(Wire.MAX_JSON_CHARS) + "\"}");
        assertThat(check(huge, Ciphertext.class)).isEqualTo("W.1");
        String box = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"sealed-box\",\"ephemeral\":\"" + G
                + "\",\"nonce\":\"AAECAwQFBgcICQoL\",\"ciphertext\":\"%s\"}";
        long maxChars = (StandardCodecs.MAX_SEALED_BOX_BYTES * 4L + 2) / 3;
        assertThatThrownBy(() -> Wire.fromJson(box.formatted("A".repeat((int) maxChars + 4)), SealedBox.class))
                .hasMessageStartingWith("W.9: sealed-box.ciphertext longer than the maximum");
    }
}

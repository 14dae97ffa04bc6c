package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.crypto.wire.Samples.hex;

import java.math.BigInteger;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.proof.DleqProof;

/**
 * Pins the format with encodings written out by hand from the spec (§8.2-§8.5) and published curve
 * points: P-256 G, 2G, 3G and secp256k1 G, 2G as affine coordinates (SEC 2 generators; multiples from
 * the NIST / SEC point-multiplication vectors), in the uncompressed SEC1 wire form {@code 04 || x || y}
 * of spec §1.2.1. Base64url strings were computed independently (Python's base64 module).
 */
class WireKnownEncodingTest {

    static final String P256_GX = "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296";
    static final String P256_GY = "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5";
    static final String P256_2GX = "7CF27B188D034F7E8A52380304B51AC3C08969E277F21B35A60B48FC47669978";
    static final String P256_2GY = "07775510DB8ED040293D9AC69F7430DBBA7DADE63CE982299E04B79D227873D1";
    static final String P256_3GX = "5ECBE4D1A6330A44C8F7EF951D4BF165E6C6B721EFADA985FB41661BC6E7FD6C";
    static final String P256_3GY = "8734640C4998FF7E374B06CE1A64A2ECD82AB036384FB83D9A79B127A27D5032";
    static final String K1_GX = "79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798";
    static final String K1_GY = "483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8";
    static final String K1_2GX = "C6047F9441ED7D6D3045406E95C07CD85C778E4B8CEF3CA7ABAC09B95C709EE5";
    static final String K1_2GY = "1AE168FEA63DC339A3C58419466CEAEEF7F632653266D0E1236431A950CFE52A";

    /** Wire form of a point: 65 bytes, 04 || x || y (spec §1.2.1). */
    static final int POINT = 1 + 32 + 32;
    static final String P256_G = "04" + P256_GX + P256_GY;
    static final String P256_2G = "04" + P256_2GX + P256_2GY;
    static final String P256_3G = "04" + P256_3GX + P256_3GY;
    static final String K1_G = "04" + K1_GX + K1_GY;
    static final String K1_2G = "04" + K1_2GX + K1_2GY;
    static final String ZERO_POINT = "00".repeat(POINT);
    /** base64url (unpadded, 87 characters) of the P-256 wire points G and 2G, and of 65 zero bytes. */
    static final String G_B64 = "BGsX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKWT-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU";
    static final String G2_B64 = "BHzyexiNA09-ilI4AwS1GsPAiWnid_IbNaYLSPxHZpl4B3dVENuO0EApPZrGn3Qw27p9reY86YIpngS3nSJ4c9E";
    static final String ZERO_B64 = "A".repeat(87);

    static final GroupContext P256 = GroupContext.p256();
    static final GroupContext K1 = GroupContext.secp256k1();

    static ECPoint times(GroupContext g, long k) {
        return g.multiplyG(BigInteger.valueOf(k));
    }

    static Ciphertext gAnd2g(GroupContext g) {
        return new Ciphertext(times(g, 1), times(g, 2));
    }

    private static void pin(Object value, String expectedHex, Class<?> type) {
        byte[] expected = hex(expectedHex);
        assertThat(Wire.toBytes(value)).isEqualTo(expected);
        assertThat((Object) Wire.fromBytes(expected, type)).isEqualTo(value);
    }

    @Test
    void ciphertextOfGAnd2GOnP256() {
        pin(gAnd2g(P256), "7264 01 01 0003" + P256_G + P256_2G, Ciphertext.class);
        assertThat(Wire.toBytes(gAnd2g(P256))).hasSize(6 + 2 * 65).hasSize(136);
    }

    @Test
    void ciphertextOfGAnd2GOnSecp256k1() {
        pin(gAnd2g(K1), "7264 01 02 0003" + K1_G + K1_2G, Ciphertext.class);
    }

    @Test
    void ciphertextJson() {
        String json = "{\"v\":1,\"curve\":\"P-256\",\"type\":\"ciphertext\",\"alpha\":\"" + G_B64 + "\",\"beta\":\""
                + G2_B64 + "\"}";
        assertThat(Wire.toJson(gAnd2g(P256))).isEqualTo(json);
        assertThat(Wire.fromJson(json, Ciphertext.class)).isEqualTo(gAnd2g(P256));
    }

    @Test
    void neutralCiphertextEncodesInfinityAsZeros() {
        pin(Ciphertext.zero(P256), "7264 01 01 0003" + ZERO_POINT + ZERO_POINT, Ciphertext.class);
        String zero = ZERO_B64;
        assertThat(Wire.toJson(Ciphertext.zero(K1))).isEqualTo(
                "{\"v\":1,\"curve\":\"secp256k1\",\"type\":\"ciphertext\",\"alpha\":\"" + zero + "\",\"beta\":\"" + zero
                        + "\"}");
    }

    @Test
    void publicKeyAndScalar() {
        pin(new PublicKey(P256, times(P256, 3)), "7264 01 01 0002" + P256_3G, PublicKey.class);
        assertThat(Wire.toBytes(new PublicKey(P256, times(P256, 3)))).hasSize(71);
        assertThat(Wire.toJson(new PublicKey(P256, times(P256, 1)))).isEqualTo(
                "{\"v\":1,\"curve\":\"P-256\",\"type\":\"public-key\",\"point\":\"" + G_B64 + "\"}");
        pin(new Scalar(P256, BigInteger.valueOf(7)), "7264 01 01 0001" + "00".repeat(31) + "07", Scalar.class);
        assertThat(Wire.toJson(new Scalar(P256, BigInteger.valueOf(7)))).isEqualTo(
                "{\"v\":1,\"curve\":\"P-256\",\"type\":\"scalar\",\"value\":\"" + "A".repeat(42) + "c\"}");
    }

    @Test
    void dleqProofLayout() {
        DleqProof proof = new DleqProof(times(P256, 1), times(P256, 2), BigInteger.valueOf(3));
        pin(proof, "7264 01 01 0101" + P256_G + P256_2G + "00".repeat(31) + "03", DleqProof.class);
    }

    @Test
    void sealedBoxLayout() {
        SealedBox box = new SealedBox(times(P256, 1), hex("000102030405060708090a0b"), hex("AA".repeat(16)));
        pin(box, "7264 01 01 0201" + P256_G + "000102030405060708090A0B" + "00000010" + "AA".repeat(16),
                SealedBox.class);
        assertThat(Wire.toJson(box)).isEqualTo("{\"v\":1,\"curve\":\"P-256\",\"type\":\"sealed-box\",\"ephemeral\":\""
                + G_B64 + "\",\"nonce\":\"AAECAwQFBgcICQoL\",\"ciphertext\":\"qqqqqqqqqqqqqqqqqqqqqg\"}");
    }

    @Test
    void ciphertextListLayout() {
        pin(new CiphertextList(P256, List.of(gAnd2g(P256), Ciphertext.zero(P256))),
                "7264 01 01 0004 00000002" + P256_G + P256_2G + ZERO_POINT + ZERO_POINT, CiphertextList.class);
        pin(new CiphertextList(K1, List.of()), "7264 01 02 0004 00000000", CiphertextList.class);
        assertThat(Wire.toJson(new CiphertextList(K1, List.of())))
                .isEqualTo("{\"v\":1,\"curve\":\"secp256k1\",\"type\":\"ciphertext-list\",\"ciphertexts\":[]}");
    }

    @Test
    void curveFreeProofContextHasCurveIdZeroAndNoCurveInJson() {
        ProofContext ctx = ProofContext.of("a", "b");
        pin(ctx, "7264 01 00 0005 0000000A 00000001 61 00000001 62", ProofContext.class);
        assertThat(Wire.toJson(ctx)).isEqualTo("{\"v\":1,\"type\":\"proof-context\",\"bytes\":\"AAAAAWEAAAABYg\"}");
    }
}

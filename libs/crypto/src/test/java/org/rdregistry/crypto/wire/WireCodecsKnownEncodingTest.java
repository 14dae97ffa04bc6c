package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.crypto.wire.Samples.hex;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.G2_B64;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.G_B64;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.K1;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.K1_G;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.P256;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.P256_2G;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.P256_3G;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.P256_G;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.ZERO_POINT;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.times;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.crypto.keyceremony.CeremonyParameters;
import org.rdregistry.crypto.keyceremony.DealerFault;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.keyswitch.KeySwitchProof;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.crypto.proof.DleqProof;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;
import org.rdregistry.crypto.proof.ZeroOneProof;

/**
 * Pins the layouts of the proof, hybrid, threshold and privacy codecs (spec §8.4, §8.10) with
 * encodings written out by hand from the layout column and the published curve points of
 * {@link WireKnownEncodingTest} (65-byte wire form {@code 04 || x || y}); base64url strings computed
 * independently (Python's base64 module).
 */
class WireCodecsKnownEncodingTest {

    static final String S1 = "00".repeat(31) + "01";
    static final String S2 = "00".repeat(31) + "02";
    static final String S3 = "00".repeat(31) + "03";
    /** base64url of the 32-byte scalar 1. */
    static final String S1_B64 = "A".repeat(42) + "E";

    static BigInteger n(long v) {
        return BigInteger.valueOf(v);
    }

    private static void pin(Object value, String expectedHex) {
        byte[] expected = hex(expectedHex);
        assertThat(Wire.toBytes(value)).isEqualTo(expected);
        assertThat(Wire.fromBytes(expected)).isEqualTo(value);
    }

    private static void pinJson(Object value, String json) {
        assertThat(Wire.toJson(value)).isEqualTo(json);
        assertThat(Wire.fromJson(json)).isEqualTo(value);
    }

    @Test
    void schnorrProofWithCommitmentGAndResponseOne() {
        SchnorrProof proof = new SchnorrProof(times(P256, 1), BigInteger.ONE);
        pin(proof, "7264 01 01 0302" + P256_G + S1);
        assertThat(Wire.toBytes(proof)).hasSize(6 + 65 + 32).hasSize(103);
        pinJson(proof, "{\"v\":1,\"curve\":\"P-256\",\"type\":\"schnorr-proof\",\"commitment\":\"" + G_B64
                + "\",\"response\":\"" + S1_B64 + "\"}");
        pin(new SchnorrProof(times(K1, 1), BigInteger.ONE), "7264 01 02 0302" + K1_G + S1);
    }

    @Test
    void partialDecryptionOfTrusteeTwo() {
        PartialDecryption d = new PartialDecryption(2, times(P256, 2),
                new DleqProof(times(P256, 1), times(P256, 2), n(3)));
        pin(d, "7264 01 01 030B 00000002" + P256_2G + P256_G + P256_2G + S3);
        assertThat(Wire.toJson(d)).isEqualTo("{\"v\":1,\"curve\":\"P-256\",\"type\":\"partial-decryption\","
                + "\"trusteeIndex\":2,\"share\":\"" + G2_B64 + "\",\"proof\":{\"a1\":\"" + G_B64 + "\",\"a2\":\""
                + G2_B64 + "\",\"z\":\"" + "A".repeat(42) + "M\"}}");
    }

    @Test
    void zeroOneAndRangeProofs() {
        ZeroOneProof z = new ZeroOneProof(times(P256, 1), times(P256, 2), times(P256, 3), times(P256, 1), n(1), n(2),
                n(3));
        String zBody = P256_G + P256_2G + P256_3G + P256_G + S1 + S2 + S3;
        pin(z, "7264 01 01 0102" + zBody);
        RangeProof r = new RangeProof(List.of(new Ciphertext(times(P256, 1), times(P256, 2))), List.of(z));
        pin(r, "7264 01 01 0104 00000001" + P256_G + P256_2G + "00000001" + zBody);
    }

    @Test
    void squareProofWithSquareBetaAtInfinity() {
        SquareProof p = new SquareProof(new Ciphertext(times(P256, 1), P256.infinity()), times(P256, 2), times(P256, 3),
                times(P256, 1), times(P256, 2), n(1), n(2), n(3));
        pin(p, "7264 01 01 0105" + P256_G + ZERO_POINT + P256_2G + P256_3G + P256_G + P256_2G + S1 + S2 + S3);
        assertThat(Wire.toBytes(p)).hasSize(492);
        assertThat(Wire.toJson(p)).startsWith("{\"v\":1,\"curve\":\"P-256\",\"type\":\"square-proof\",\"squareAlpha\":\""
                + G_B64 + "\",\"squareBeta\":\"" + "A".repeat(87) + "\",\"t1\":\"" + G2_B64 + "\",");
        pin(new SquareProof(new Ciphertext(times(K1, 1), times(K1, 1)), times(K1, 1), times(K1, 1), times(K1, 1),
                times(K1, 1), n(1), n(1), n(1)), "7264 01 02 0105" + K1_G.repeat(6) + S1.repeat(3));
    }

    @Test
    void keySwitchShareWithWAtInfinity() {
        KeySwitchProof p = new KeySwitchProof(times(P256, 1), times(P256, 2), times(P256, 3), n(1), n(2));
        pin(new KeySwitchShare(1, times(P256, 1), P256.infinity(), p),
                "7264 01 01 030E 00000001" + P256_G + ZERO_POINT + P256_G + P256_2G + P256_3G + S1 + S2);
    }

    @Test
    void jointKeyAndCeremonyParameters() {
        pin(new JointKey(1, new PublicKey(P256, times(P256, 3)), List.of(times(P256, 1))),
                "7264 01 01 0308 00000001" + P256_3G + "00000001" + P256_G);
        CeremonyParameters params = new CeremonyParameters(P256, "c", 3, 2);
        pin(params, "7264 01 01 0301 00000001 63 00000003 00000002");
        pinJson(params, "{\"v\":1,\"curve\":\"P-256\",\"type\":\"ceremony-parameters\",\"ceremonyId\":\"c\","
                + "\"participants\":3,\"threshold\":2}");
        pin(new CeremonyParameters(K1, "c", 3, 2), "7264 01 02 0301 00000001 63 00000003 00000002");
    }

    @Test
    void claimableBlobLayout() {
        ClaimableBlob blob = new ClaimableBlob(new Ciphertext(times(P256, 1), times(P256, 2)),
                hex("000102030405060708090a0b"), hex("AA".repeat(16)));
        pin(blob, "7264 01 01 0202" + P256_G + P256_2G + "000102030405060708090A0B" + "00000010" + "AA".repeat(16));
    }

    @Test
    void curveFreeReportsAndPrivacyState() {
        pin(new DealerFault(2, "K.5", "x"), "7264 01 00 0307 00000002 00000003 4B2E35 00000001 78");
        pinJson(new DealerFault(2, "K.5", "x"), "{\"v\":1,\"type\":\"dealer-fault\",\"dealerIndex\":2,\"check\":\"K.5\","
                + "\"reason\":\"x\"}");
        pin(Rational.of(-22, 7), "7264 01 00 0401 00000005 2D32322F37");
        pinJson(Rational.of(44, -14), "{\"v\":1,\"type\":\"rational\",\"value\":\"-22/7\"}");
        PrivacyBudget pure = PrivacyBudget.pure(Rational.of(1, 2));
        pin(pure, "7264 01 00 0403 00000004 50555245 00000003 312F32 00");
        pinJson(pure, "{\"v\":1,\"type\":\"privacy-budget\",\"kind\":\"PURE\",\"limit\":\"1/2\",\"delta\":null}");
        PrivacyBudget approx = PrivacyBudget.approximate(Rational.of(2), Rational.of(1, 1000));
        pin(approx, "7264 01 00 0403 0000000B 415050524F58494D415445 00000001 32 01 00000006 312F31303030");
    }
}

package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdregistry.crypto.wire.Samples.hex;
import static org.rdregistry.crypto.wire.WireBinaryRejectionTest.check;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.K1;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.P256;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.P256_2G;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.P256_G;
import static org.rdregistry.crypto.wire.WireKnownEncodingTest.ZERO_POINT;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.crypto.keyceremony.CeremonyParameters;
import org.rdregistry.crypto.keyceremony.ComplaintVerdict;
import org.rdregistry.crypto.keyceremony.DealerCommitments;
import org.rdregistry.crypto.keyceremony.KeyCeremonyResult;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;

/**
 * Rejections specific to the proof, hybrid, threshold and privacy codecs: their limits (W.9), index
 * ranges (W.12), points that may not be infinity (W.10), the values' own invariants (W.13), canonical
 * rationals, and the curve rules for values whose curve is declared rather than shown by a point (W.7).
 */
class WireCodecsRejectionTest {

    static final String S1 = "00".repeat(31) + "01";

    static String bytes(byte[] message, Class<?> type) {
        return check(() -> Wire.fromBytes(message, type));
    }

    static String json(String document, Class<?> type) {
        return check(() -> Wire.fromJson(document, type));
    }

    static String utf8Hex(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return String.format("%08X", b.length) + HexFormat.of().formatHex(b);
    }

    static String rationalJson(String value) {
        return "{\"v\":1,\"type\":\"rational\",\"value\":\"" + value + "\"}";
    }

    @Test
    void onlyCanonicalRationalsAreAccepted() {
        assertThat(Wire.fromBytes(hex("7264 01 00 0401" + utf8Hex("-22/7")), Rational.class))
                .isEqualTo(Rational.of(-22, 7));
        for (String bad : List.of("2/4", "1/1", "-0", "0/5", "01", "+1", "1/-3", " 1", "1 ", "1.5", "1e3", "1/0",
                "/2", "1/", "", "-", "1/02", "٣")) {
            assertThat(bytes(hex("7264 01 00 0401" + utf8Hex(bad)), Rational.class)).as(bad).isEqualTo("W.13");
            assertThat(json(rationalJson(bad), Rational.class)).as(bad).isEqualTo("W.13");
        }
        String tooLong = "1".repeat(PrivacyCodecs.MAX_RATIONAL_CHARS + 1);
        assertThat(json(rationalJson(tooLong), Rational.class)).isEqualTo("W.9");
        Rational huge = Rational.of(new java.math.BigInteger(tooLong), java.math.BigInteger.ONE);
        assertThat(check(() -> Wire.toBytes(huge))).isEqualTo("W.9");
        // a rational inside a cost is held to the same form
        String cost = "{\"v\":1,\"type\":\"privacy-cost\",\"zcdpRho\":\"1/2\",\"pureEpsilon\":\"0\",\"pureRho\":\"%s\"}";
        assertThat(Wire.fromJson(cost.formatted("0"), PrivacyCost.class)).isEqualTo(PrivacyCost.zcdp(Rational.of(1, 2)));
        assertThat(json(cost.formatted("0.0"), PrivacyCost.class)).isEqualTo("W.13");
        assertThat(json(cost.formatted("-1/3"), PrivacyCost.class)).isEqualTo("W.13"); // negative cost (N.13)
    }

    @Test
    void budgetKindAndDeltaFollowTheRecord() {
        String budget = "{\"v\":1,\"type\":\"privacy-budget\",\"kind\":\"%s\",\"limit\":\"1\",\"delta\":%s}";
        assertThat(Wire.fromJson(budget.formatted("ZCDP", "null"), PrivacyBudget.class))
                .isEqualTo(PrivacyBudget.zcdp(Rational.ONE));
        assertThat(json(budget.formatted("zcdp", "null"), PrivacyBudget.class)).isEqualTo("W.13");
        assertThat(json(budget.formatted("ZCDP", "\"1/2\""), PrivacyBudget.class)).isEqualTo("W.13"); // N.9
        assertThat(json(budget.formatted("APPROXIMATE", "null"), PrivacyBudget.class)).isEqualTo("W.13");
        assertThat(json(budget.formatted("APPROXIMATE", "\"1\""), PrivacyBudget.class)).isEqualTo("W.13");
        assertThat(json(budget.formatted("PURE", "null").replace("\"1\"", "\"0\""), PrivacyBudget.class))
                .isEqualTo("W.13"); // N.10
        assertThat(json(budget.formatted("PURE", "1"), PrivacyBudget.class)).isEqualTo("W.12");
        assertThat(json(budget.formatted("PURE", "null").replace("\"v\":1,", "\"v\":1,\"curve\":\"P-256\","),
                PrivacyBudget.class)).isEqualTo("W.7"); // curve-free
    }

    @Test
    void accountantReleasesAreNonNegative() {
        PrivacyAccountant a = AreaSamples.accountant();
        byte[] good = Wire.toBytes(a);
        byte[] negative = good.clone();
        negative[negative.length - 8] = (byte) 0x80; // releases is the last field, 8 bytes
        assertThat(bytes(negative, PrivacyAccountant.class)).isEqualTo("W.12");
        String json = Wire.toJson(a).replace("\"releases\":2", "\"releases\":-1");
        assertThat(json(json, PrivacyAccountant.class)).isEqualTo("W.12");
    }

    @Test
    void rangeProofNeedsAtLeastOneAndAtMost33Bits() {
        RangeProof empty = new RangeProof(List.of(), List.of());
        assertThat(check(() -> Wire.toBytes(empty))).isEqualTo("W.7");
        assertThat(check(() -> Wire.toJson(empty))).isEqualTo("W.7");
        assertThat(bytes(hex("7264 01 01 0104 00000000 00000000"), RangeProof.class)).isEqualTo("W.13");
        assertThat(json("{\"v\":1,\"curve\":\"P-256\",\"type\":\"range-proof\",\"bitCiphertexts\":[],\"bitProofs\":[]}",
                RangeProof.class)).isEqualTo("W.13");
        assertThat(bytes(hex("7264 01 01 0104 00000022"), RangeProof.class)).isEqualTo("W.9"); // 34, nothing read
    }

    @Test
    void squareProofScalarsMustBeBelowTheOrder() {
        String points = P256_G + P256_2G + P256_G + P256_2G + P256_G + P256_2G;
        String n = P256.order().toString(16).toUpperCase();
        assertThat(Wire.fromBytes(hex("7264 01 01 0105" + points + S1 + S1 + S1), SquareProof.class).zRho())
                .isEqualTo(java.math.BigInteger.ONE);
        for (int i = 0; i < 3; i++) {
            String scalars = S1.repeat(i) + n + S1.repeat(2 - i);
            assertThat(bytes(hex("7264 01 01 0105" + points + scalars), SquareProof.class)).isEqualTo("W.11");
        }
        assertThat(bytes(hex("7264 01 01 0105" + points + S1 + S1), SquareProof.class)).isEqualTo("W.8");
    }

    @Test
    void oneHotCountAboveMaximumIsRejectedBeforeReading() {
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01 01 0103 00001001"), OneHotEncryption.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("W.9: count 4097 of one-hot-encryption.ciphertexts above maximum 4096");
    }

    @Test
    void trusteeIndicesAreWithinTheCeremonyLimit() {
        String proof = P256_G + P256_2G + "00".repeat(31) + "03";
        assertThat(Wire.fromBytes(hex("7264 01 01 030B 00000400" + P256_2G + proof), PartialDecryption.class)
                .trusteeIndex()).isEqualTo(1024);
        assertThat(bytes(hex("7264 01 01 030B 00000000" + P256_2G + proof), PartialDecryption.class)).isEqualTo("W.12");
        assertThat(bytes(hex("7264 01 01 030B 00000401" + P256_2G + proof), PartialDecryption.class)).isEqualTo("W.12");
        PartialDecryption outOfRange = new PartialDecryption(0, P256.generator(),
                new org.rdregistry.crypto.proof.DleqProof(P256.generator(), P256.generator(), java.math.BigInteger.ONE));
        assertThat(check(() -> Wire.toBytes(outOfRange))).isEqualTo("W.12");
        assertThat(bytes(hex("7264 01 01 0301" + utf8Hex("c") + "00000401 00000001"), CeremonyParameters.class))
                .isEqualTo("W.12");
    }

    @Test
    void pointsThatCannotBeInfinityAreRejected() {
        String proof = P256_G + P256_2G + "00".repeat(31) + "03";
        assertThat(bytes(hex("7264 01 01 030B 00000001" + ZERO_POINT + proof), PartialDecryption.class))
                .isEqualTo("W.10");
        assertThat(bytes(hex("7264 01 01 0302" + ZERO_POINT + S1), SchnorrProof.class)).isEqualTo("W.10");
        String ksProof = P256_G + P256_2G + P256_G + S1 + S1;
        assertThat(Wire.fromBytes(hex("7264 01 01 030E 00000001" + P256_G + ZERO_POINT + ksProof), KeySwitchShare.class)
                .w().isInfinity()).isTrue();
        assertThat(bytes(hex("7264 01 01 030E 00000001" + ZERO_POINT + P256_G + ksProof), KeySwitchShare.class))
                .isEqualTo("W.10");
        // square-proof: A' never infinity (Q.2), B' may be; no commitment may be
        String scalars = S1 + S1 + S1;
        String commitments = P256_G + P256_2G + P256_G + P256_2G;
        assertThat(Wire.fromBytes(hex("7264 01 01 0105" + P256_G + ZERO_POINT + commitments + scalars), SquareProof.class)
                .square().beta().isInfinity()).isTrue();
        assertThat(bytes(hex("7264 01 01 0105" + ZERO_POINT + P256_G + commitments + scalars), SquareProof.class))
                .isEqualTo("W.10");
        for (int i = 0; i < 4; i++) {
            String t = P256_G.repeat(i) + ZERO_POINT + P256_G.repeat(3 - i);
            assertThat(bytes(hex("7264 01 01 0105" + P256_G + P256_2G + t + scalars), SquareProof.class)).as("T%d", i + 1)
                    .isEqualTo("W.10");
        }
        String blob = "000102030405060708090A0B" + "00000010" + "AA".repeat(16);
        assertThat(bytes(hex("7264 01 01 0202" + P256_G + ZERO_POINT + blob), ClaimableBlob.class)).isEqualTo("W.10");
        assertThat(bytes(hex("7264 01 01 0202" + P256_G + P256_2G + blob.replace("00000010", "0000000F")
                .substring(0, blob.length() - 2)), ClaimableBlob.class)).isEqualTo("W.13"); // shorter than the tag
    }

    @Test
    void valueInvariantsOfCeremonyValues() {
        String verdict = "7264 01 00 0306 00000002 00000003 %s %s" + utf8Hex("K.8") + utf8Hex("r");
        assertThat(Wire.fromBytes(hex(verdict.formatted("01", "00000002")), ComplaintVerdict.class).upheld()).isTrue();
        assertThat(bytes(hex(verdict.formatted("01", "00000003")), ComplaintVerdict.class)).isEqualTo("W.13");
        assertThat(bytes(hex(verdict.formatted("02", "00000002")), ComplaintVerdict.class)).isEqualTo("W.12");
        // threshold above n, blank id
        assertThat(bytes(hex("7264 01 01 0301" + utf8Hex("c") + "00000002 00000003"), CeremonyParameters.class))
                .isEqualTo("W.13");
        assertThat(bytes(hex("7264 01 01 0301" + utf8Hex(" ") + "00000002 00000001"), CeremonyParameters.class))
                .isEqualTo("W.13");
        // joint key: threshold above the number of verification keys
        assertThat(bytes(hex("7264 01 01 0308 00000002" + P256_G + "00000001" + P256_2G),
                org.rdregistry.crypto.keyceremony.JointKey.class)).isEqualTo("W.13");
    }

    @Test
    void ceremonyParametersNeedTheMessageCurve() {
        String body = utf8Hex("c") + "00000003 00000002";
        assertThat(bytes(hex("7264 01 00 0301" + body), CeremonyParameters.class)).isEqualTo("W.7");
        assertThat(json("{\"v\":1,\"type\":\"ceremony-parameters\",\"ceremonyId\":\"c\",\"participants\":3,"
                + "\"threshold\":2}", CeremonyParameters.class)).isEqualTo("W.7");
        assertThat(Wire.fromBytes(hex("7264 01 02 0301" + body), CeremonyParameters.class, K1))
                .isEqualTo(new CeremonyParameters(K1, "c", 3, 2));
        assertThat(check(() -> Wire.fromBytes(hex("7264 01 02 0301" + body), CeremonyParameters.class, P256)))
                .isEqualTo("W.7");
    }

    @Test
    void nestedValuesOnAnotherCurveCannotBeEncoded() {
        AreaSamples.Ceremony p256 = AreaSamples.ceremony(P256);
        AreaSamples.Ceremony k1 = AreaSamples.ceremony(K1);
        KeyCeremonyResult r = p256.result();
        // parameters say secp256k1, the joint key is on P-256
        KeyCeremonyResult mixed = new KeyCeremonyResult(k1.result().parameters(), r.participants(), r.qualified(),
                r.faults(), r.verdicts(), r.jointKey());
        assertThatThrownBy(() -> Wire.toBytes(mixed)).isInstanceOf(WireFormatException.class)
                .hasMessage("W.7: cannot encode key-ceremony-result.jointKey: value on P-256 inside a message on"
                        + " secp256k1");
        assertThat(check(() -> Wire.toJson(mixed))).isEqualTo("W.7");
        // a transcript whose parameters name P-256 but whose dealer messages are on secp256k1
        DealerCommitments foreign = k1.transcript().commitments().get(0);
        var transcript = new org.rdregistry.crypto.keyceremony.PublicTranscript(p256.transcript().parameters(),
                List.of(foreign), List.of(), List.of());
        assertThat(check(() -> Wire.toBytes(transcript))).isEqualTo("W.7");
    }
}

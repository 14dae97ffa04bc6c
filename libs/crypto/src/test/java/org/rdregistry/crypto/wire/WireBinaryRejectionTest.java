package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdregistry.crypto.wire.Samples.hex;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.proof.DleqProof;

/** Every binary rejection check of spec §8.6 (W.1-W.14), each with the check number it must report. */
class WireBinaryRejectionTest {

    static final GroupContext P256 = GroupContext.p256();
    static final GroupContext K1 = GroupContext.secp256k1();
    static final String G = WireKnownEncodingTest.P256_G;
    static final String G2 = WireKnownEncodingTest.P256_2G;

    static List<GroupContext> curves() {
        return Samples.curves();
    }

    static String check(Runnable r) {
        try {
            r.run();
        } catch (WireFormatException e) {
            assertThat(e.getMessage()).startsWith(e.check() + ": ");
            return e.check();
        }
        throw new AssertionError("not rejected");
    }

    static String decode(byte[] bytes, Class<?> type) {
        return check(() -> Wire.fromBytes(bytes, type));
    }

    static String decodeAny(byte[] bytes) {
        return check(() -> Wire.fromBytes(bytes));
    }

    @ParameterizedTest
    @MethodSource("curves")
    void everyTruncationOfEveryValidMessageIsRejected(GroupContext g) {
        for (Object value : Samples.all(g)) {
            byte[] full = Wire.toBytes(value);
            assertThat((Object) Wire.fromBytes(full, value.getClass())).isEqualTo(value);
            for (int len = 0; len < full.length; len++) {
                byte[] cut = Arrays.copyOf(full, len);
                assertThat(decode(cut, value.getClass())).as("%s cut to %d of %d", value, len, full.length)
                        .isEqualTo("W.8");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("curves")
    void oneExtraByteIsRejected(GroupContext g) {
        for (Object value : Samples.all(g)) {
            byte[] full = Wire.toBytes(value);
            for (int extra : new int[] {0, 1, 0xFF}) {
                byte[] longer = Arrays.copyOf(full, full.length + 1);
                longer[full.length] = (byte) extra;
                assertThat(decode(longer, value.getClass())).isEqualTo("W.14");
                assertThat(decodeAny(longer)).isEqualTo("W.14");
            }
        }
    }

    @Test
    void truncatedMessageNamesTheField() {
        byte[] full = hex("7264 01 01 0003" + G + G2);
        // header 6 + alpha 65 + 17 bytes of beta
        assertThatThrownBy(() -> Wire.fromBytes(Arrays.copyOf(full, 6 + 65 + 17), Ciphertext.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("W.8: truncated at ciphertext.beta: need 65 bytes at offset 71, 17 left");
        assertThatThrownBy(() -> Wire.fromBytes(Arrays.copyOf(full, 3), Ciphertext.class))
                .hasMessageContaining("truncated at header");
    }

    @Test
    void oversizedMessageIsRejectedBeforeParsing() {
        byte[] huge = new byte[Wire.MAX_MESSAGE_BYTES + 1];
        System.arraycopy(hex("7264 01 01 0004"), 0, huge, 0, 6);
        assertThat(decode(huge, CiphertextList.class)).isEqualTo("W.1");
    }

    @Test
    void badMagicIsRejected() {
        assertThat(decode(hex("7265 01 01 0003" + G + G2), Ciphertext.class)).isEqualTo("W.2");
        assertThat(decode(hex("{\"v\":1}".chars().mapToObj(c -> String.format("%02x", c))
                .reduce("", String::concat)), Ciphertext.class)).isEqualTo("W.2");
    }

    @Test
    void unknownVersionIsRejected() {
        for (String v : List.of("00", "02", "FF")) {
            assertThatThrownBy(() -> Wire.fromBytes(hex("7264" + v + "01 0003" + G + G2), Ciphertext.class))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessage("W.3: unknown version " + Integer.parseInt(v, 16));
        }
    }

    @Test
    void unknownCurveIdIsRejected() {
        assertThat(decode(hex("7264 01 03 0003" + G + G2), Ciphertext.class)).isEqualTo("W.4");
        assertThat(decode(hex("7264 01 FF 0003" + G + G2), Ciphertext.class)).isEqualTo("W.4");
    }

    @Test
    void unknownTypeTagIsRejected() {
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01 01 7777" + G + G2), Ciphertext.class))
                .isInstanceOf(WireFormatException.class).hasMessage("W.5: unknown type tag 0x7777");
        assertThat(decodeAny(hex("7264 01 01 0000" + G))).isEqualTo("W.5");
    }

    @Test
    void otherTypeThanRequestedIsRejected() {
        byte[] key = hex("7264 01 01 0002" + G);
        assertThatThrownBy(() -> Wire.fromBytes(key, Ciphertext.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("W.6: expected a ciphertext, got a public-key");
        assertThat(Wire.fromBytes(key)).isInstanceOf(PublicKey.class);
    }

    @Test
    void curveMismatchIsRejected() {
        byte[] p256 = Wire.toBytes(Samples.ciphertext(P256, 5));
        assertThatThrownBy(() -> Wire.fromBytes(p256, Ciphertext.class, K1))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("W.7: wrong curve: expected secp256k1, got P-256");
        assertThat((Object) Wire.fromBytes(p256, Ciphertext.class, P256)).isNotNull();
        // a curve-bound type without a curve, and a curve-free type with one
        assertThat(decode(hex("7264 01 00 0003" + G + G2), Ciphertext.class)).isEqualTo("W.7");
        assertThat(decode(hex("7264 01 01 0005 00000000"), ProofContext.class)).isEqualTo("W.7");
        // a curve-free type ignores the expected curve
        assertThat(Wire.fromBytes(hex("7264 01 00 0005 00000000"), ProofContext.class, K1))
                .isEqualTo(ProofContext.empty());
    }

    @Test
    void countAboveMaximumIsRejectedBeforeReadingElements() {
        String over = String.format("%08X", StandardCodecs.MAX_CIPHERTEXTS + 1);
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01 01 0004" + over), CiphertextList.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("W.9: count 65537 of ciphertext-list.ciphertexts above maximum 65536");
        assertThat(decode(hex("7264 01 01 0004 FFFFFFFF"), CiphertextList.class)).isEqualTo("W.9");
        // exactly the maximum is a count, not a rejection: the message is then merely truncated
        String max = String.format("%08X", StandardCodecs.MAX_CIPHERTEXTS);
        assertThat(decode(hex("7264 01 01 0004" + max), CiphertextList.class)).isEqualTo("W.8");
    }

    @Test
    void lengthAboveMaximumIsRejected() {
        String prefix = "7264 01 01 0201" + G + "000102030405060708090A0B";
        String over = String.format("%08X", StandardCodecs.MAX_SEALED_BOX_BYTES + 1);
        assertThat(decode(hex(prefix + over), SealedBox.class)).isEqualTo("W.9");
        assertThat(decode(hex(prefix + "80000000"), SealedBox.class)).isEqualTo("W.9");
        assertThat(decode(hex(prefix + "FFFFFFFF"), SealedBox.class)).isEqualTo("W.9");
    }

    static String hexOf(byte[] b) {
        return Samples.HEX.formatHex(b);
    }

    @ParameterizedTest
    @MethodSource("curves")
    void pointNotOnCurveIsRejected(GroupContext g) {
        String bad = hexOf(Samples.offCurve(g)); // G with the last bit of y flipped
        String good = hexOf(Samples.wirePoint(g.generator()));
        String curve = String.format("%02X", g.id());
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01" + curve + "0003" + bad + good), Ciphertext.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("W.10: invalid point in ciphertext.alpha: point (x, y) not on " + g.name());
        assertThat(decode(hex("7264 01" + curve + "0003" + good + bad), Ciphertext.class)).isEqualTo("W.10");
        assertThat(decode(hex("7264 01" + curve + "0002" + bad), PublicKey.class)).isEqualTo("W.10");
        // a point of the other curve, in a message that names this curve
        GroupContext other = g == P256 ? K1 : P256;
        String foreign = hexOf(Samples.wirePoint(other.generator()));
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01" + curve + "0002" + foreign), PublicKey.class))
                .hasMessage("W.10: invalid point in public-key.point: point (x, y) not on " + g.name());
        assertThat(Wire.fromBytes(hex("7264 01" + curve + "0003" + good + good), Ciphertext.class).alpha())
                .isEqualTo(g.generator());
    }

    @ParameterizedTest
    @MethodSource("curves")
    void nonCanonicalPointEncodingsAreRejected(GroupContext g) {
        String curve = String.format("%02X", g.id());
        byte[] valid = Samples.smallPoint(g);
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(valid, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(valid, 33, 65));
        BigInteger p = g.curve().getField().getCharacteristic();
        // same point with x + p (still < 2^256): a decoder reducing coordinates mod p would accept it
        byte[] xAliased = Samples.wirePoint(x.add(p), y);
        byte[] yIsPrime = Samples.wirePoint(x, p);
        byte[] yAllOnes = Samples.wirePoint(x, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));
        byte[] almostZero = new byte[65];
        almostZero[64] = 1;
        byte[] originWithPrefix = new byte[65];
        originWithPrefix[0] = 4;
        List<Map.Entry<String, byte[]>> cases = new ArrayList<>(List.of(
                Map.entry("x-coordinate not below the field prime", xAliased),
                Map.entry("y-coordinate not below the field prime", yIsPrime),
                Map.entry("y-coordinate not below the field prime", yAllOnes),
                Map.entry("got prefix 00", almostZero),
                Map.entry("not on " + g.name(), originWithPrefix)));
        // compressed (02/03) and hybrid (06/07) prefixes in front of the valid coordinates
        for (int prefix : new int[] {2, 3, 6, 7}) {
            byte[] b = valid.clone();
            b[0] = (byte) prefix;
            cases.add(Map.entry((prefix < 4 ? "got compressed prefix 0" : "got hybrid prefix 0") + prefix, b));
        }
        for (Map.Entry<String, byte[]> c : cases) {
            String enc = hexOf(c.getValue());
            assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01" + curve + "0002" + enc), PublicKey.class))
                    .as(c.getKey()).isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("W.10: invalid point in public-key.point: ")
                    .hasMessageContaining(c.getKey());
            // also where infinity is allowed
            assertThat(decode(hex("7264 01" + curve + "0003" + enc + ZERO), Ciphertext.class)).isEqualTo("W.10");
        }
        // the valid point itself is accepted
        assertThat(Wire.fromBytes(hex("7264 01" + curve + "0002" + hexOf(valid)), PublicKey.class).point()
                .getAffineXCoord().toBigInteger()).isEqualTo(x);
    }

    static final String ZERO = "00".repeat(65);

    @Test
    void compressedPointsOfTheHashingFormAreNotWirePoints() {
        // SEC 2 generator of P-256 in compressed form (y is odd): 03 || x
        String compressedG = "03" + WireKnownEncodingTest.P256_GX;
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01 01 0002" + compressedG), PublicKey.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("W.8: truncated at public-key.point: need 65 bytes at offset 6, 33 left");
        // two compressed points fill 66 bytes: the first 65 are read as one point and rejected by prefix
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01 01 0003" + compressedG + "03"
                + WireKnownEncodingTest.P256_2GX), Ciphertext.class))
                .hasMessage("W.10: invalid point in ciphertext.alpha: point must use uncompressed encoding (prefix 04),"
                        + " got compressed prefix 03");
    }

    @Test
    void infinityOnlyWhereAllowed() {
        String zero = ZERO;
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01 01 0002" + zero), PublicKey.class))
                .hasMessage("W.10: invalid point in public-key.point: point at infinity not allowed here");
        assertThat(decode(hex("7264 01 01 0101" + zero + G2 + "00".repeat(32)), DleqProof.class)).isEqualTo("W.10");
        assertThat(decode(hex("7264 01 01 0101" + G + zero + "00".repeat(32)), DleqProof.class)).isEqualTo("W.10");
        assertThat(decode(hex("7264 01 01 0201" + zero + "00".repeat(12) + "00000010" + "00".repeat(16)),
                SealedBox.class)).isEqualTo("W.10");
        assertThat(Wire.fromBytes(hex("7264 01 01 0003" + zero + zero), Ciphertext.class))
                .isEqualTo(Ciphertext.zero(P256));
        assertThat(Wire.fromBytes(hex("7264 01 01 0003" + G + zero), Ciphertext.class).beta().isInfinity()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("curves")
    void scalarNotBelowTheOrderIsRejected(GroupContext g) {
        String curve = String.format("%02X", g.id());
        String n = String.format("%064X", g.order());
        String nMinus1 = String.format("%064X", g.order().subtract(BigInteger.ONE));
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01" + curve + "0001" + n), Scalar.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("W.11: invalid scalar in scalar.value");
        assertThat(decode(hex("7264 01" + curve + "0001" + "FF".repeat(32)), Scalar.class)).isEqualTo("W.11");
        assertThat(Wire.fromBytes(hex("7264 01" + curve + "0001" + nMinus1), Scalar.class).value())
                .isEqualTo(g.order().subtract(BigInteger.ONE));
        String pt = hexOf(Samples.wirePoint(g.generator()));
        assertThat(decode(hex("7264 01" + curve + "0101" + pt + pt + n), DleqProof.class)).isEqualTo("W.11");
    }

    @Test
    void valueInvariantViolationIsRejected() {
        // a sealed box shorter than its GCM tag
        assertThatThrownBy(() -> Wire.fromBytes(hex("7264 01 01 0201" + G + "00".repeat(12) + "0000000F"
                + "00".repeat(15)), SealedBox.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("W.13: invalid sealed-box");
    }

    @Test
    void secretTypesHaveNoWireForm() {
        var enc = new org.rdregistry.crypto.elgamal.ElGamal(P256).encrypt(Samples.keyPair(P256).publicKey(), 1);
        assertThatThrownBy(() -> Wire.toBytes(enc)).isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(WireFormatException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> Wire.toJson(Samples.keyPair(P256))).hasMessageContaining("secret");
        assertThat(Wire.toBytes(enc.ciphertext())).hasSize(6 + 2 * 65);
    }
}

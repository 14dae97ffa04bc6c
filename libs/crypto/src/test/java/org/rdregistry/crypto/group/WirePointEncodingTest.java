package org.rdregistry.crypto.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The wire form of points (spec §1.2.1): uncompressed SEC1 {@code 04 || x || y}, 65 bytes, decoded
 * with checks G.7-G.9. Known answers are the published affine coordinates (SEC 2 generators; 2G from
 * the NIST / SEC point-multiplication vectors), written out here, not taken from the code.
 */
class WirePointEncodingTest {

    static final HexFormat HEX = HexFormat.of().withUpperCase();

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    static BigInteger prime(GroupContext g) {
        return g.curve().getField().getCharacteristic();
    }

    /** 04 || x || y from explicit coordinates, each as 32 bytes (values up to 2^256 - 1). */
    static byte[] uncompressed(BigInteger x, BigInteger y) {
        byte[] out = new byte[65];
        out[0] = 0x04;
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, x), 0, out, 1, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, y), 0, out, 33, 32);
        return out;
    }

    static byte[] uncompressed(ECPoint p) {
        ECPoint n = p.normalize();
        return uncompressed(n.getAffineXCoord().toBigInteger(), n.getAffineYCoord().toBigInteger());
    }

    static void rejected(GroupContext g, byte[] encoding, String problem) {
        assertThatThrownBy(() -> g.decodeWirePoint(encoding, false))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining(problem);
        assertThatThrownBy(() -> g.decodeWirePoint(encoding, true))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining(problem);
    }

    @ParameterizedTest
    @CsvSource({
        "P-256, 1, 6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296, 4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5",
        "P-256, 2, 7CF27B188D034F7E8A52380304B51AC3C08969E277F21B35A60B48FC47669978, 07775510DB8ED040293D9AC69F7430DBBA7DADE63CE982299E04B79D227873D1",
        "secp256k1, 1, 79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798, 483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8",
        "secp256k1, 2, C6047F9441ED7D6D3045406E95C07CD85C778E4B8CEF3CA7ABAC09B95C709EE5, 1AE168FEA63DC339A3C58419466CEAEEF7F632653266D0E1236431A950CFE52A",
    })
    void generatorMultiplesEncodeToTheirPublishedCoordinates(String curve, long k, String x, String y) {
        GroupContext g = GroupContext.forName(curve);
        ECPoint p = g.multiplyPublic(g.generator(), BigInteger.valueOf(k)); // not normalized: the encoder must
        byte[] expected = hex("04" + x + y);
        assertThat(HEX.formatHex(g.encodeWirePoint(p))).isEqualTo("04" + x + y);
        assertThat(g.encodeWirePoint(p)).hasSize(GroupContext.WIRE_POINT_BYTES).hasSize(65);
        assertThat(g.decodeWirePoint(expected, false)).isEqualTo(p);
        assertThat(g.decodeWirePoint(expected, true)).isEqualTo(p);
        // the hashing form (§1.2) is unchanged: 02/03 by the parity of y, then x
        String prefix = new BigInteger(y, 16).testBit(0) ? "03" : "02";
        assertThat(HEX.formatHex(g.encodePoint(g.decodeWirePoint(expected, false)))).isEqualTo(prefix + x);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void infinityIsSixtyFiveZeroBytesAndOnlyWhereAllowed(GroupContext g) {
        byte[] zero = new byte[65];
        assertThat(g.encodeWirePoint(g.infinity())).isEqualTo(zero);
        assertThat(g.decodeWirePoint(zero, true).isInfinity()).isTrue();
        assertThatThrownBy(() -> g.decodeWirePoint(zero, false)).isInstanceOf(InvalidEncodingException.class)
                .hasMessage("point at infinity not allowed here");
        // 04 followed by zeros is not infinity but (0, 0), which is not on either curve (b != 0)
        byte[] originWithPrefix = new byte[65];
        originWithPrefix[0] = 0x04;
        rejected(g, originWithPrefix, "not on " + g.name());
        // one non-zero byte anywhere makes it a (malformed) point rather than infinity
        byte[] almostZero = new byte[65];
        almostZero[64] = 1;
        rejected(g, almostZero, "prefix 00");
    }

    @ParameterizedTest
    @MethodSource("groups")
    void wrongLengthsAreRejected(GroupContext g) {
        byte[] good = uncompressed(g.generator());
        for (int len : new int[] {0, 1, 32, 33, 64, 66, 97}) {
            rejected(g, Arrays.copyOf(good, len), "point must be 65 bytes, got " + len);
        }
        // the 33-byte hashing form of G is not a wire point, and the wire form is not a hashing point
        rejected(g, g.encodePoint(g.generator()), "point must be 65 bytes, got 33");
        assertThatThrownBy(() -> g.decodePoint(good)).isInstanceOf(InvalidEncodingException.class)
                .hasMessageContaining("33 bytes");
        assertThatThrownBy(() -> g.decodeWirePoint(null, true)).isInstanceOf(InvalidEncodingException.class)
                .hasMessage("point must be 65 bytes, got null");
    }

    @ParameterizedTest
    @MethodSource("groups")
    void compressedHybridAndUnknownPrefixesAreRejected(GroupContext g) {
        ECPoint p = g.generator();
        byte[] good = uncompressed(p);
        boolean yOdd = p.getAffineYCoord().toBigInteger().testBit(0);
        for (int prefix : new int[] {0x02, 0x03}) {
            byte[] b = good.clone();
            b[0] = (byte) prefix;
            rejected(g, b, "must use uncompressed encoding (prefix 04), got compressed prefix 0" + prefix);
        }
        // hybrid 06/07 repeats the parity of y: the consistent one is what a lenient SEC1 decoder accepts
        byte[] hybridConsistent = good.clone();
        hybridConsistent[0] = (byte) (yOdd ? 0x07 : 0x06);
        assertThat(g.curve().decodePoint(hybridConsistent)).isEqualTo(p); // BouncyCastle alone accepts it
        rejected(g, hybridConsistent, "got hybrid prefix 0" + hybridConsistent[0]);
        byte[] hybridOther = good.clone();
        hybridOther[0] = (byte) (yOdd ? 0x06 : 0x07);
        rejected(g, hybridOther, "got hybrid prefix 0" + hybridOther[0]);
        for (int prefix : new int[] {0x00, 0x01, 0x05, 0x44, 0xFF}) {
            byte[] b = good.clone();
            b[0] = (byte) prefix;
            rejected(g, b, String.format("(prefix 04), got prefix %02x", prefix));
        }
    }

    /** The point with the smallest x >= 1 on the curve, y found as a square root (p = 3 mod 4). */
    static BigInteger[] smallPoint(GroupContext g) {
        BigInteger p = prime(g);
        assertThat(p.testBit(0) && p.testBit(1)).as("p = 3 mod 4").isTrue();
        BigInteger a = g.curve().getA().toBigInteger();
        BigInteger b = g.curve().getB().toBigInteger();
        for (BigInteger x = BigInteger.ONE; ; x = x.add(BigInteger.ONE)) {
            BigInteger rhs = x.pow(3).add(a.multiply(x)).add(b).mod(p);
            BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
            if (y.multiply(y).mod(p).equals(rhs)) {
                return new BigInteger[] {x, y};
            }
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void coordinatesMustBeBelowTheFieldPrime(GroupContext g) {
        BigInteger p = prime(g);
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        BigInteger[] small = smallPoint(g);
        ECPoint valid = g.decodeWirePoint(uncompressed(small[0], small[1]), false);
        assertThat(valid.getAffineXCoord().toBigInteger()).isEqualTo(small[0]);
        // x + p still fits in 32 bytes and is congruent to x: a decoder reducing mod p would accept it
        assertThat(small[0].add(p).bitLength()).isLessThanOrEqualTo(256);
        rejected(g, uncompressed(small[0].add(p), small[1]), "x-coordinate not below the field prime");
        rejected(g, uncompressed(p, small[1]), "x-coordinate not below the field prime");
        rejected(g, uncompressed(max, small[1]), "x-coordinate not below the field prime");
        // y = p is y = 0 mod p; y = 2^256 - 1 is the largest 32-byte value
        rejected(g, uncompressed(small[0], p), "y-coordinate not below the field prime");
        rejected(g, uncompressed(small[0], max), "y-coordinate not below the field prime");
        // p - 1 is a valid coordinate value: the range check lets it through to the curve check
        rejected(g, uncompressed(small[0], p.subtract(BigInteger.ONE)), "not on " + g.name());
    }

    @ParameterizedTest
    @MethodSource("groups")
    void pointsOffTheCurveAreRejected(GroupContext g) {
        byte[] good = uncompressed(g.generator());
        byte[] flipped = good.clone();
        flipped[64] ^= 1; // last bit of y
        rejected(g, flipped, "point (x, y) not on " + g.name());
        byte[] xFlipped = good.clone();
        xFlipped[32] ^= 1; // last bit of x
        rejected(g, xFlipped, "point (x, y) not on " + g.name());
        // -G = (x, p - y) is on the curve and decodes to the negation
        BigInteger y = g.generator().getAffineYCoord().toBigInteger();
        byte[] negated = uncompressed(g.generator().getAffineXCoord().toBigInteger(), prime(g).subtract(y));
        assertThat(g.decodeWirePoint(negated, false)).isEqualTo(g.generator().negate());
    }

    @Test
    void aPointOfTheOtherCurveIsRejected() {
        GroupContext p256 = GroupContext.p256();
        GroupContext k1 = GroupContext.secp256k1();
        // the generators' coordinates are below both primes, so only the curve equation tells them apart
        rejected(p256, uncompressed(k1.generator()), "point (x, y) not on P-256");
        rejected(k1, uncompressed(p256.generator()), "point (x, y) not on secp256k1");
        rejected(p256, k1.encodeWirePoint(k1.multiplyG(BigInteger.TWO)), "not on P-256");
        rejected(k1, p256.encodeWirePoint(p256.multiplyG(BigInteger.TWO)), "not on secp256k1");
    }

    @Provide
    Arbitrary<BigInteger> scalars() {
        return Arbitraries.bigIntegers().between(BigInteger.ONE, GroupContext.secp256k1().order()
                .min(GroupContext.p256().order()).subtract(BigInteger.ONE));
    }

    @Property(tries = 40)
    void encodingIsUncompressedSec1AndDecodingInvertsIt(@ForAll("scalars") BigInteger k) {
        for (GroupContext g : groups()) {
            ECPoint p = g.multiplyPublic(g.generator(), k); // projective coordinates, not normalized
            byte[] wire = g.encodeWirePoint(p);
            ECPoint n = p.normalize();
            byte[] expected = uncompressed(n.getAffineXCoord().toBigInteger(), n.getAffineYCoord().toBigInteger());
            assertThat(HEX.formatHex(wire)).isEqualTo(HEX.formatHex(expected));
            assertThat(wire).isEqualTo(n.getEncoded(false));
            ECPoint back = g.decodeWirePoint(wire, false);
            assertThat(back).isEqualTo(p);
            assertThat(g.decodeWirePoint(wire, true)).isEqualTo(p);
            // same x in both forms; the compressed (hashing) form of the decoded point is unchanged
            assertThat(Arrays.copyOfRange(wire, 1, 33)).isEqualTo(Arrays.copyOfRange(g.encodePoint(p), 1, 33));
            assertThat(g.encodePoint(back)).isEqualTo(g.encodePoint(p));
            assertThat(g.encodeWirePoint(back)).isEqualTo(wire);
        }
    }
}

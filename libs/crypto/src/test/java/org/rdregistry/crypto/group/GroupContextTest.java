package org.rdregistry.crypto.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class GroupContextTest {

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    /**
     * Published point-multiplication vectors: k·G for P-256 (NIST curve test vectors as collected for
     * the "point multiplication test vectors" set) and secp256k1 (SEC 2 generator multiples).
     */
    @ParameterizedTest
    @CsvSource({
        "P-256, 1, 6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296, 4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5",
        "P-256, 2, 7CF27B188D034F7E8A52380304B51AC3C08969E277F21B35A60B48FC47669978, 07775510DB8ED040293D9AC69F7430DBBA7DADE63CE982299E04B79D227873D1",
        "P-256, 3, 5ECBE4D1A6330A44C8F7EF951D4BF165E6C6B721EFADA985FB41661BC6E7FD6C, 8734640C4998FF7E374B06CE1A64A2ECD82AB036384FB83D9A79B127A27D5032",
        "P-256, 112233445566778899, 339150844EC15234807FE862A86BE77977DBFB3AE3D96F4C22795513AEAAB82F, B1C14DDFDC8EC1B2583F51E85A5EB3A155840F2034730E9B5ADA38B674336A21",
        "secp256k1, 1, 79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798, 483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8",
        "secp256k1, 2, C6047F9441ED7D6D3045406E95C07CD85C778E4B8CEF3CA7ABAC09B95C709EE5, 1AE168FEA63DC339A3C58419466CEAEEF7F632653266D0E1236431A950CFE52A",
        "secp256k1, 3, F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9, 388F7B0F632DE8140FE337E62A37F3566500A99934C2231B6CB9FD7584B8E672",
    })
    void pointMultiplicationKnownAnswers(String curve, String k, String x, String y) {
        GroupContext group = GroupContext.forName(curve);
        BigInteger scalar = new BigInteger(k);
        for (ECPoint p : new ECPoint[] {group.multiplyG(scalar), group.multiplyPublic(group.generator(), scalar).normalize(),
            group.multiplySecret(group.generator(), scalar).normalize()}) {
            assertThat(p.getAffineXCoord().toBigInteger()).isEqualTo(new BigInteger(x, 16));
            assertThat(p.getAffineYCoord().toBigInteger()).isEqualTo(new BigInteger(y, 16));
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void orderTimesGeneratorIsInfinityAndNegativeScalarsReduce(GroupContext group) {
        assertThat(group.multiplyPublic(group.generator(), group.order()).isInfinity()).isTrue();
        assertThat(group.multiplyG(BigInteger.valueOf(-1))).isEqualTo(group.generator().negate().normalize());
    }

    @ParameterizedTest
    @MethodSource("groups")
    void pointCodecRejectsEveryMalformedEncoding(GroupContext group) {
        ECPoint p = group.multiplyG(group.randomScalar());
        byte[] good = group.encodePoint(p);
        assertThat(good).hasSize(GroupContext.POINT_BYTES);
        assertThat(group.decodePoint(good)).isEqualTo(p);

        assertThatThrownBy(() -> group.decodePoint(Arrays.copyOf(good, 32)))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("33 bytes");
        assertThatThrownBy(() -> group.decodePoint(Arrays.copyOf(good, 34)))
                .isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> group.decodePoint(p.getEncoded(false)))
                .isInstanceOf(InvalidEncodingException.class);
        byte[] badPrefix = good.clone();
        badPrefix[0] = 0x04;
        assertThatThrownBy(() -> group.decodePoint(badPrefix)).isInstanceOf(InvalidEncodingException.class)
                .hasMessageContaining("compressed");
        // x = p (the field prime) is not a canonical coordinate
        byte[] xIsPrime = new byte[33];
        xIsPrime[0] = 0x02;
        byte[] prime = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, group.curve().getField().getCharacteristic());
        System.arraycopy(prime, 0, xIsPrime, 1, 32);
        assertThatThrownBy(() -> group.decodePoint(xIsPrime)).isInstanceOf(InvalidEncodingException.class);
        // an x with no point on the curve
        byte[] offCurve = new byte[33];
        offCurve[0] = 0x02;
        for (int x = 1; ; x++) {
            offCurve[32] = (byte) x;
            boolean onCurve;
            try {
                group.curve().decodePoint(offCurve);
                onCurve = true;
            } catch (RuntimeException e) {
                onCurve = false;
            }
            if (!onCurve) {
                break;
            }
        }
        assertThatThrownBy(() -> group.decodePoint(offCurve)).isInstanceOf(InvalidEncodingException.class);
        // infinity only where allowed
        byte[] zero = new byte[33];
        assertThatThrownBy(() -> group.decodePoint(zero)).isInstanceOf(InvalidEncodingException.class)
                .hasMessageContaining("infinity");
        assertThat(group.decodePoint(zero, true).isInfinity()).isTrue();
        assertThat(group.encodePoint(group.infinity())).isEqualTo(zero);
    }

    @Test
    void pointFromAnotherCurveIsRejected() {
        ECPoint k1 = GroupContext.secp256k1().generator();
        assertThatThrownBy(() -> GroupContext.p256().requireOnCurve(k1, false))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("another curve");
        assertThatThrownBy(() -> GroupContext.p256().decodePoint(GroupContext.secp256k1().encodePoint(k1)))
                .isInstanceOf(InvalidEncodingException.class);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void scalarCodec(GroupContext group) {
        BigInteger k = group.randomScalar();
        assertThat(group.decodeScalar(group.encodeScalar(k))).isEqualTo(k);
        assertThatThrownBy(() -> group.decodeScalar(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, group.order())))
                .isInstanceOf(InvalidEncodingException.class).hasMessageContaining("order");
        assertThatThrownBy(() -> group.decodeScalar(new byte[31])).isInstanceOf(InvalidEncodingException.class);
        byte[] max = new byte[32];
        Arrays.fill(max, (byte) 0xff);
        assertThatThrownBy(() -> group.decodeScalar(max)).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> group.encodeScalar(BigInteger.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void curveLookupByNameAndId() {
        assertThat(GroupContext.forName("secp256r1")).isSameAs(GroupContext.p256());
        assertThat(GroupContext.forName("P-256")).isSameAs(GroupContext.p256());
        assertThat(GroupContext.forId(GroupContext.secp256k1().id())).isSameAs(GroupContext.secp256k1());
        assertThatThrownBy(() -> GroupContext.forName("curve25519")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupContext.forId((byte) 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transcriptSeparatesDomainsContextsLabelsAndCurves() {
        GroupContext g = GroupContext.p256();
        ProofContext ctx = ProofContext.of("record", "r1").with("field", "sex");
        BigInteger base = Transcript.start(g, "proof/x", ctx).append("a", g.generator()).challenge();
        assertThat(Transcript.start(g, "proof/x", ctx).append("a", g.generator()).challenge()).isEqualTo(base);
        assertThat(Transcript.start(g, "proof/y", ctx).append("a", g.generator()).challenge()).isNotEqualTo(base);
        assertThat(Transcript.start(g, "proof/x", ProofContext.of("record", "r2").with("field", "sex"))
                .append("a", g.generator()).challenge()).isNotEqualTo(base);
        assertThat(Transcript.start(g, "proof/x", ctx).append("b", g.generator()).challenge()).isNotEqualTo(base);
        assertThat(Transcript.start(GroupContext.secp256k1(), "proof/x", ctx)
                .append("a", GroupContext.secp256k1().generator()).challenge()).isNotEqualTo(base);
        // length prefixes: moving a byte between label and value changes the hash
        assertThat(Transcript.start(g, "d", ProofContext.empty()).append("ab", "c").challenge())
                .isNotEqualTo(Transcript.start(g, "d", ProofContext.empty()).append("a", "bc").challenge());
        assertThat(ProofContext.of("ab", "c")).isNotEqualTo(ProofContext.of("a", "bc"));
        assertThat(ProofContext.fromBytes(ctx.toBytes())).isEqualTo(ctx);
    }

    @Property(tries = 50)
    void encodeDecodeRoundTrip(@ForAll @LongRange(min = 1) long k) {
        for (GroupContext group : groups()) {
            ECPoint p = group.multiplyG(BigInteger.valueOf(k));
            assertThat(group.decodePoint(group.encodePoint(p))).isEqualTo(p);
            assertThat(HexFormat.of().formatHex(group.encodePoint(p)))
                    .isEqualTo(HexFormat.of().formatHex(p.getEncoded(true)));
        }
    }
}

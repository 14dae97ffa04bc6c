package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdregistry.crypto.wire.Samples.hex;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;

/**
 * The codec DSL with every field kind (spec §8.3), through a test-only type registered in an extended
 * registry: layout pinned by a hand-written message, every kind's rejections in both forms, the
 * encoder's own limits, and the builder's and registry's guards against mistakes in codec definitions.
 */
class CodecDslTest {

    static final GroupContext P = GroupContext.p256();

    record Inner(ECPoint q, int index) {
    }

    record Sample(ECPoint p, ECPoint inf, BigInteger s, byte[] blob, byte[] fixed, long big, boolean flag, String label,
                  Inner inner, List<Inner> inners, List<BigInteger> scalars, String note, PublicKey key) {
    }

    static final Codec<Inner> INNER = Codec.nestedBuilder(Inner.class, "inner")
            .point("q", Inner::q)
            .int32("index", 0, 9, Inner::index)
            .build(f -> new Inner(f.point("q"), f.int32("index")));

    static final Codec<Sample> SAMPLE = Codec.builder(Sample.class, 0xF001, "dsl-sample")
            .point("p", Sample::p)
            .pointOrInfinity("inf", Sample::inf)
            .scalar("s", Sample::s)
            .bytes("blob", 8, Sample::blob)
            .fixedBytes("fixed", 3, Sample::fixed)
            .int64("big", Sample::big)
            .bool("flag", Sample::flag)
            .string("label", 5, Sample::label)
            .nested("inner", INNER, Sample::inner)
            .listOf("inners", INNER, 2, Sample::inners)
            .list("scalars", FieldType.scalar(), 3, Sample::scalars)
            .optional("note", FieldType.string(10), Sample::note)
            .nested("key", StandardCodecs.PUBLIC_KEY, Sample::key)
            .build(f -> new Sample(f.point("p"), f.point("inf"), f.scalar("s"), f.bytes("blob"), f.bytes("fixed"),
                    f.int64("big"), f.bool("flag"), f.string("label"), f.get("inner", Inner.class),
                    f.list("inners", Inner.class), f.list("scalars", BigInteger.class), f.string("note"),
                    f.get("key", PublicKey.class)));

    static final WireRegistry REGISTRY = WireRegistry.standard().toBuilder().add(SAMPLE).build();

    static ECPoint times(long k) {
        return P.multiplyG(BigInteger.valueOf(k));
    }

    static Sample sample() {
        return new Sample(times(1), P.infinity(), BigInteger.valueOf(5), hex("0102"), hex("0A0B0C"), -1L, true, "ab",
                new Inner(times(2), 3), List.of(new Inner(times(1), 9)), List.of(), null, new PublicKey(P, times(3)));
    }

    /** The hand-written binary form of {@link #sample()}, field by field (spec §8.3 layouts). */
    static Map<String, String> parts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("header", "7264 01 01 F001");
        m.put("p", WireKnownEncodingTest.P256_G);
        m.put("inf", "00".repeat(65));
        m.put("s", "00".repeat(31) + "05");
        m.put("blob", "00000002 0102");
        m.put("fixed", "0A0B0C");
        m.put("big", "FFFFFFFFFFFFFFFF");
        m.put("flag", "01");
        m.put("label", "00000002 6162");
        m.put("inner", WireKnownEncodingTest.P256_2G + "00000003");
        m.put("inners", "00000001" + WireKnownEncodingTest.P256_G + "00000009");
        m.put("scalars", "00000000");
        m.put("note", "00");
        m.put("key", WireKnownEncodingTest.P256_3G);
        return m;
    }

    static byte[] with(String field, String hexValue) {
        Map<String, String> m = parts();
        assertThat(m).containsKey(field);
        m.put(field, hexValue);
        return hex(String.join("", m.values()));
    }

    static String binaryCheck(byte[] bytes) {
        try {
            REGISTRY.fromBytes(bytes, Sample.class);
        } catch (WireFormatException e) {
            return e.check();
        }
        throw new AssertionError("not rejected");
    }

    static String jsonCheck(String json) {
        try {
            REGISTRY.fromJson(json, Sample.class);
        } catch (WireFormatException e) {
            return e.check();
        }
        throw new AssertionError("not rejected: " + json);
    }

    static String encodeCheck(Object value) {
        String binary;
        try {
            REGISTRY.toBytes(value);
            throw new AssertionError("binary encoding not rejected");
        } catch (WireFormatException e) {
            binary = e.check();
        }
        try {
            REGISTRY.toJson(value);
            throw new AssertionError("JSON encoding not rejected");
        } catch (WireFormatException e) {
            assertThat(e.check()).as("JSON and binary encoders agree").isEqualTo(binary);
        }
        return binary;
    }

    @Test
    void layoutMatchesTheHandWrittenMessage() {
        byte[] expected = hex(String.join("", parts().values()));
        assertThat(REGISTRY.toBytes(sample())).isEqualTo(expected);
        Sample back = REGISTRY.fromBytes(expected, Sample.class);
        assertThat(back.blob()).containsExactly(1, 2);
        assertThat(back.fixed()).containsExactly(10, 11, 12);
        assertThat(back.big()).isEqualTo(-1L);
        assertThat(back.label()).isEqualTo("ab");
        assertThat(back.inner()).isEqualTo(new Inner(times(2), 3));
        assertThat(back.inners()).containsExactly(new Inner(times(1), 9));
        assertThat(back.note()).isNull();
        assertThat(back.inf().isInfinity()).isTrue();
        assertThat(SAMPLE.layout()).isEqualTo("p: point, inf: point-or-infinity, s: scalar, blob: bytes[<=8], "
                + "fixed: bytes[3], big: int64, flag: bool, label: string[<=5], inner: inner, "
                + "inners: list[<=2] of inner, scalars: list[<=3] of scalar, note: optional string[<=10], key: public-key");
    }

    @Test
    void everyKindRoundTripsThroughJson() {
        Sample full = new Sample(times(7), times(8), P.order().subtract(BigInteger.ONE), new byte[8], hex("FFFFFF"),
                Long.MIN_VALUE, false, "h\u00e9\u00e9", new Inner(times(2), 0), List.of(new Inner(times(4), 1),
                new Inner(times(5), 2)), List.of(BigInteger.ZERO, BigInteger.TWO), "\uD83D\uDE00 ok",
                new PublicKey(P, times(9)));
        byte[] bytes = REGISTRY.toBytes(full);
        String json = REGISTRY.toJson(full);
        assertThat(json).contains("\"big\":-9223372036854775808", "\"flag\":false", "\"note\":\"\uD83D\uDE00 ok\"",
                "\"inner\":{\"q\":", "\"index\":0}", "\"scalars\":[\"", "\"key\":{\"point\":\"");
        assertThat(REGISTRY.toBytes(REGISTRY.fromJson(json, Sample.class))).isEqualTo(bytes);
        assertThat(REGISTRY.toJson(REGISTRY.fromBytes(bytes, Sample.class))).isEqualTo(json);
        assertThat(REGISTRY.fromBytes(bytes)).isInstanceOf(Sample.class);
        // the standard registry does not know the test type
        assertThatThrownBy(() -> Wire.fromBytes(bytes)).hasMessage("W.5: unknown type tag 0xF001");
    }

    @Test
    void binaryRejectionsOfEveryKind() {
        assertThat(binaryCheck(with("flag", "02"))).isEqualTo("W.12");
        assertThat(binaryCheck(with("note", "02"))).isEqualTo("W.12");
        assertThat(binaryCheck(with("note", "01 00000002 C328"))).isEqualTo("W.12"); // malformed UTF-8
        assertThat(binaryCheck(with("label", "00000002 EDA080"))).isEqualTo("W.12"); // encoded surrogate
        assertThat(binaryCheck(with("label", "00000006 616263646566"))).isEqualTo("W.9");
        assertThat(binaryCheck(with("blob", "00000009 000000000000000000"))).isEqualTo("W.9");
        assertThat(binaryCheck(with("inner", WireKnownEncodingTest.P256_2G + "0000000A"))).isEqualTo("W.12");
        assertThat(binaryCheck(with("inner", WireKnownEncodingTest.P256_2G + "FFFFFFFF"))).isEqualTo("W.12");
        assertThat(binaryCheck(with("inner", "00".repeat(65) + "00000003"))).isEqualTo("W.10");
        assertThat(binaryCheck(with("inners", "00000003"))).isEqualTo("W.9");
        assertThat(binaryCheck(with("scalars", "00000004"))).isEqualTo("W.9");
        assertThat(binaryCheck(with("scalars", "00000001" + String.format("%064X", P.order())))).isEqualTo("W.11");
        assertThat(binaryCheck(with("key", "00".repeat(65)))).isEqualTo("W.10");
        assertThat(binaryCheck(with("p", "00".repeat(65)))).isEqualTo("W.10");
        // optional present: accepted
        assertThat(REGISTRY.fromBytes(with("note", "01 00000002 6869"), Sample.class).note()).isEqualTo("hi");
        // and a truncation inside a nested list element names the element
        // cut 3 bytes into inners[0].q: after it come inners[0].index 4, scalars 4, note 1, key 65
        byte[] full = hex(String.join("", parts().values()));
        assertThatThrownBy(() -> REGISTRY.fromBytes(Arrays.copyOf(full, full.length - (4 + 4 + 1 + 65) - 3),
                Sample.class))
                .hasMessageStartingWith("W.8: truncated at dsl-sample.inners[0].q");
    }

    @Test
    void jsonRejectionsOfEveryKind() {
        String json = REGISTRY.toJson(sample());
        assertThat(jsonCheck(json.replace("\"label\":\"ab\"", "\"label\":\"abcdef\""))).isEqualTo("W.9");
        assertThat(jsonCheck(json.replace("\"label\":\"ab\"", "\"label\":\"\\uD800\""))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"label\":\"ab\"", "\"label\":\"\u00e9\u00e9\u00e9\""))).isEqualTo("W.9");
        assertThat(jsonCheck(json.replace("\"big\":-1", "\"big\":1.5"))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"big\":-1", "\"big\":1e3"))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"big\":-1", "\"big\":9223372036854775808"))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"big\":-1", "\"big\":\"-1\""))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"flag\":true", "\"flag\":1"))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"index\":3", "\"index\":10"))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"index\":3", "\"index\":\"3\""))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"index\":3", "\"index\":3,\"extra\":0"))).isEqualTo("W.14");
        assertThat(jsonCheck(json.replace(",\"index\":3", ""))).isEqualTo("W.8");
        assertThat(jsonCheck(json.replace("\"blob\":\"AQI\"", "\"blob\":\"AAAAAAAAAAAA\""))).isEqualTo("W.9");
        assertThat(jsonCheck(json.replace("\"fixed\":\"CgsM\"", "\"fixed\":\"CgsMDQ\""))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"scalars\":[]", "\"scalars\":[\"" + "A".repeat(43) + "\",\""
                + "A".repeat(43) + "\",\"" + "A".repeat(43) + "\",\"" + "A".repeat(43) + "\"]"))).isEqualTo("W.9");
        assertThat(jsonCheck(json.replace("\"note\":null", "\"note\":5"))).isEqualTo("W.12");
        assertThat(jsonCheck(json.replace("\"note\":null,", ""))).isEqualTo("W.8");
        assertThat(REGISTRY.fromJson(json.replace("\"note\":null", "\"note\":\"hi\""), Sample.class).note())
                .isEqualTo("hi");
        assertThat(json).contains("\"blob\":\"AQI\"", "\"fixed\":\"CgsM\"", "\"big\":-1", "\"index\":3",
                "\"note\":null", "\"scalars\":[]");
    }

    @Test
    void encoderEnforcesTheSameLimits() {
        Sample s = sample();
        assertThat(encodeCheck(new Sample(s.p(), s.inf(), s.s(), s.blob(), s.fixed(), 0, true, "abcdef", s.inner(),
                s.inners(), s.scalars(), null, s.key()))).isEqualTo("W.9");
        assertThat(encodeCheck(new Sample(s.p(), s.inf(), s.s(), s.blob(), s.fixed(), 0, true, "\uD800", s.inner(),
                s.inners(), s.scalars(), null, s.key()))).isEqualTo("W.12");
        assertThat(encodeCheck(new Sample(s.p(), s.inf(), s.s(), new byte[9], s.fixed(), 0, true, "", s.inner(),
                s.inners(), s.scalars(), null, s.key()))).isEqualTo("W.9");
        assertThat(encodeCheck(new Sample(s.p(), s.inf(), s.s(), s.blob(), new byte[4], 0, true, "", s.inner(),
                s.inners(), s.scalars(), null, s.key()))).isEqualTo("W.12");
        assertThat(encodeCheck(new Sample(s.p(), s.inf(), s.s(), s.blob(), s.fixed(), 0, true, "", new Inner(times(1),
                10), s.inners(), s.scalars(), null, s.key()))).isEqualTo("W.12");
        assertThat(encodeCheck(new Sample(s.p(), s.inf(), s.s(), s.blob(), s.fixed(), 0, true, "", s.inner(),
                List.of(s.inner(), s.inner(), s.inner()), s.scalars(), null, s.key()))).isEqualTo("W.9");
        assertThat(encodeCheck(new Sample(s.p(), s.inf(), P.order(), s.blob(), s.fixed(), 0, true, "", s.inner(),
                s.inners(), s.scalars(), null, s.key()))).isEqualTo("W.11");
        assertThat(encodeCheck(new Sample(s.p(), s.inf(), s.s(), s.blob(), s.fixed(), 0, true, null, s.inner(),
                s.inners(), s.scalars(), null, s.key()))).isEqualTo("W.13");
        assertThat(encodeCheck(new Sample(P.infinity(), s.inf(), s.s(), s.blob(), s.fixed(), 0, true, "", s.inner(),
                s.inners(), s.scalars(), null, s.key()))).isEqualTo("W.10");
        // a point from the other curve inside a P-256 message
        ECPoint k1 = GroupContext.secp256k1().generator();
        assertThat(encodeCheck(new Sample(s.p(), s.inf(), s.s(), s.blob(), s.fixed(), 0, true, "", new Inner(k1, 1),
                s.inners(), s.scalars(), null, s.key()))).isEqualTo("W.10");
    }

    record Big(byte[] data) {
    }

    @Test
    void encoderRefusesMessagesAboveTheGlobalLimit() {
        Codec<Big> big = Codec.builder(Big.class, 0xF002, "big").bytes("data", 16 << 20, Big::data)
                .build(f -> new Big(f.bytes("data")));
        WireRegistry r = WireRegistry.builder().add(big).build();
        assertThat(r.toBytes(new Big(new byte[Wire.MAX_MESSAGE_BYTES - 10]))).hasSize(Wire.MAX_MESSAGE_BYTES);
        assertThatThrownBy(() -> r.toBytes(new Big(new byte[Wire.MAX_MESSAGE_BYTES - 9])))
                .isInstanceOf(WireFormatException.class).hasMessageStartingWith("W.1:");
    }

    record Pair(BigInteger a, BigInteger b) {
    }

    @Test
    void builderRejectsMistakes() {
        assertThatThrownBy(() -> Codec.builder(Pair.class, 0xF003, "pair").scalar("type", Pair::a))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codec.builder(Pair.class, 0xF003, "pair").scalar("a", Pair::a).scalar("a", Pair::b))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codec.builder(Pair.class, 0xF003, "pair").scalar("a-b", Pair::a))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codec.builder(Pair.class, 0xF003, "Pair_Type"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codec.builder(Pair.class, 0, "pair")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codec.builder(Pair.class, 0x10000, "pair")).isInstanceOf(IllegalArgumentException.class);
        // a curve-bound top-level codec with no point must say where its curve comes from
        assertThatThrownBy(() -> Codec.builder(Pair.class, 0xF003, "pair").scalar("a", Pair::a)
                .build(f -> new Pair(f.scalar("a"), null))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FieldType.optional(FieldType.optional(FieldType.bool())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldType.list(FieldType.optional(FieldType.bool()), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registryRejectsCollisionsSecretTypesAndNestedCodecs() {
        Codec<Pair> sameTag = Codec.builder(Pair.class, 0x0003, "pair").group(p -> P).scalar("a", Pair::a)
                .scalar("b", Pair::b).build(f -> new Pair(f.scalar("a"), f.scalar("b")));
        assertThatThrownBy(() -> WireRegistry.standard().toBuilder().add(sameTag))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collides");
        Codec<Pair> sameName = Codec.builder(Pair.class, 0xF003, "ciphertext").group(p -> P).scalar("a", Pair::a)
                .scalar("b", Pair::b).build(f -> new Pair(f.scalar("a"), f.scalar("b")));
        assertThatThrownBy(() -> WireRegistry.standard().toBuilder().add(sameName))
                .hasMessageContaining("collides");
        assertThatThrownBy(() -> WireRegistry.standard().toBuilder().add(SAMPLE).add(SAMPLE))
                .hasMessageContaining("collides");
        Codec<Encryption> secret = Codec.builder(Encryption.class, 0xF004, "encryption")
                .scalar("randomness", Encryption::randomness).group(e -> P).build(f -> null);
        assertThatThrownBy(() -> WireRegistry.builder().add(secret)).hasMessageContaining("secret");
        assertThatThrownBy(() -> WireRegistry.builder().add(INNER)).hasMessageContaining("nested-only");
        assertThatThrownBy(() -> Wire.toBytes(new Pair(BigInteger.ONE, BigInteger.TWO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no wire codec");
    }

    @Test
    void aConstructorThatForgetsAFieldIsCaughtOnFirstDecode() {
        Codec<Pair> forgetful = Codec.builder(Pair.class, 0xF005, "pair").group(p -> P).scalar("a", Pair::a)
                .scalar("b", Pair::b).build(f -> new Pair(f.scalar("a"), BigInteger.ZERO));
        WireRegistry r = WireRegistry.builder().add(forgetful).build();
        byte[] bytes = r.toBytes(new Pair(BigInteger.ONE, BigInteger.TWO));
        assertThatThrownBy(() -> r.fromBytes(bytes, Pair.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("b: scalar");
        Codec<Pair> wrongKind = Codec.builder(Pair.class, 0xF005, "pair").group(p -> P).scalar("a", Pair::a)
                .scalar("b", Pair::b).build(f -> new Pair(f.scalar("a"), BigInteger.valueOf(f.int32("b"))));
        WireRegistry r2 = WireRegistry.builder().add(wrongKind).build();
        assertThatThrownBy(() -> r2.fromBytes(bytes, Pair.class)).isInstanceOf(IllegalStateException.class);
    }
}

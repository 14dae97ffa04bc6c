package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.HybridEncryption;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import tools.jackson.databind.json.JsonMapper;

/**
 * Round trips of every standard codec on P-256 and secp256k1, through the binary form, the JSON form,
 * the type-dispatching decoders and the Jackson module; and the cross-form canonicity: binary and JSON
 * describe the same value, so converting one into the other and back gives identical bytes.
 */
class WireRoundTripTest {

    /** A point on the wire: 65 bytes, 04 || x || y (spec §1.2.1). */
    static final int POINT = 65;

    private static final JsonMapper MAPPER = JsonMapper.builder().addModule(Wire.jacksonModule()).build();

    @Provide
    Arbitrary<GroupContext> curves() {
        return Arbitraries.of(GroupContext.p256(), GroupContext.secp256k1());
    }

    /** Scalars in [1, 2^255], below both curve orders. */
    @Provide
    Arbitrary<BigInteger> scalars() {
        return Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TWO.pow(255))
                .edgeCases(c -> c.includeOnly(BigInteger.ONE, BigInteger.TWO.pow(255)));
    }

    static void roundTrips(Object value, int expectedBinaryLength) {
        Class<?> type = value.getClass();
        byte[] bytes = Wire.toBytes(value);
        if (expectedBinaryLength >= 0) {
            assertThat(bytes).hasSize(expectedBinaryLength);
        }
        assertThat((Object) Wire.fromBytes(bytes, type)).isEqualTo(value);
        assertThat(Wire.fromBytes(bytes)).isEqualTo(value);
        String json = Wire.toJson(value);
        assertThat((Object) Wire.fromJson(json, type)).isEqualTo(value);
        assertThat(Wire.fromJson(json)).isEqualTo(value);
        assertThat(Wire.toBytes(Wire.fromJson(json, type))).isEqualTo(bytes);
        assertThat(Wire.toJson(Wire.fromBytes(bytes, type))).isEqualTo(json);
        assertThat(Wire.toBytes(value)).as("deterministic").isEqualTo(bytes);
        assertThat(MAPPER.writeValueAsString(value)).isEqualTo(json);
        assertThat((Object) MAPPER.readValue(json, type)).isEqualTo(value);
    }

    @Property(tries = 30)
    void scalar(@ForAll("curves") GroupContext g, @ForAll("scalars") BigInteger k) {
        roundTrips(new Scalar(g, k), 6 + 32);
        roundTrips(new Scalar(g, g.order().subtract(k)), 6 + 32);
    }

    @Property(tries = 30)
    void publicKey(@ForAll("curves") GroupContext g, @ForAll("scalars") BigInteger k) {
        roundTrips(KeyPair.fromSecret(g, k).publicKey(), 6 + POINT);
    }

    @Property(tries = 30)
    void ciphertext(@ForAll("curves") GroupContext g, @ForAll("scalars") BigInteger sk,
                    @ForAll("scalars") BigInteger r, @ForAll long m) {
        PublicKey pk = KeyPair.fromSecret(g, sk).publicKey();
        Ciphertext c = new ElGamal(g).encrypt(pk, BigInteger.valueOf(m), r).ciphertext();
        roundTrips(c, 6 + 2 * POINT);
        roundTrips(c.subtract(c), 6 + 2 * POINT); // both components at infinity
        roundTrips(new Ciphertext(g.infinity(), c.beta()), 6 + 2 * POINT);
    }

    @Property(tries = 20)
    void ciphertextList(@ForAll("curves") GroupContext g, @ForAll("scalars") BigInteger sk,
                        @ForAll @Size(max = 6) List<@IntRange(min = -3, max = 3) Integer> values) {
        PublicKey pk = KeyPair.fromSecret(g, sk).publicKey();
        ElGamal elgamal = new ElGamal(g);
        List<Ciphertext> list = new ArrayList<>();
        for (int v : values) {
            list.add(v == 0 ? Ciphertext.zero(g) : elgamal.encrypt(pk, v).ciphertext());
        }
        roundTrips(new CiphertextList(g, list), 6 + 4 + 2 * POINT * list.size());
    }

    @Property(tries = 30)
    void proofContext(@ForAll @StringLength(max = 40) String label, @ForAll @StringLength(max = 40) String value,
                      @ForAll long number) {
        ProofContext ctx = ProofContext.of("registry-key", value).with(label.isEmpty() ? "x" : label, number);
        roundTrips(ctx, 6 + 4 + ctx.toBytes().length);
    }

    @Property(tries = 20)
    void dleqProof(@ForAll("curves") GroupContext g) {
        roundTrips(Samples.dleq(g), 6 + POINT + POINT + 32);
    }

    @Property(tries = 20)
    void sealedBox(@ForAll("curves") GroupContext g, @ForAll("scalars") BigInteger sk,
                   @ForAll @Size(max = 300) byte[] plaintext) {
        var box = HybridEncryption.seal(KeyPair.fromSecret(g, sk).publicKey(), "wire-test", plaintext, new byte[0]);
        roundTrips(box, 6 + POINT + 12 + 4 + plaintext.length + 16);
    }
}

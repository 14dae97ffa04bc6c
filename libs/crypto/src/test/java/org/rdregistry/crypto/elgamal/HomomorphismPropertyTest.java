package org.rdregistry.crypto.elgamal;

import static org.assertj.core.api.Assertions.assertThat;

import org.rdregistry.crypto.group.GroupContext;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Property tests of the additive homomorphism on the production curve (spec §2.2). */
class HomomorphismPropertyTest {

    private static final GroupContext GROUP = GroupContext.p256();
    private static final ElGamal ELGAMAL = new ElGamal(GROUP, new DiscreteLog(GROUP, 1 << 12, 1L << 26));
    private static final KeyPair KEY = KeyPair.generate(GROUP);

    private static Ciphertext enc(long m) {
        return ELGAMAL.encrypt(KEY.publicKey(), m).ciphertext();
    }

    private static long dec(Ciphertext c) {
        return ELGAMAL.decrypt(KEY, c);
    }

    @Property(tries = 40)
    void additionSubtractionAndNegation(@ForAll @IntRange(min = -1_000_000, max = 1_000_000) int a,
                                        @ForAll @IntRange(min = -1_000_000, max = 1_000_000) int b) {
        Ciphertext ca = enc(a);
        Ciphertext cb = enc(b);
        assertThat(dec(ca.add(cb))).isEqualTo((long) a + b);
        assertThat(dec(ca.subtract(cb))).isEqualTo((long) a - b);
        assertThat(dec(ca.negate())).isEqualTo(-(long) a);
        assertThat(ca.add(cb)).isEqualTo(cb.add(ca));
    }

    @Property(tries = 40)
    void scalingByASignedPlaintextAndAddingAConstant(@ForAll @IntRange(min = -3000, max = 3000) int a,
                                                     @ForAll @IntRange(min = -3000, max = 3000) int k) {
        assertThat(dec(enc(a).multiply(GROUP, k))).isEqualTo((long) a * k);
        assertThat(dec(enc(a).addPlaintext(GROUP, k))).isEqualTo((long) a + k);
    }

    @Property(tries = 25)
    void aggregateOfManyEqualsSumAndRerandomisationKeepsThePlaintext(
            @ForAll @IntRange(min = 0, max = 1200) int first, @ForAll @IntRange(min = 1, max = 30) int count) {
        Ciphertext sum = Ciphertext.zero(GROUP);
        long expected = 0;
        for (int i = 0; i < count; i++) {
            long v = (first + 37L * i) % 1201;
            expected += v;
            sum = sum.add(enc(v));
        }
        assertThat(dec(sum)).isEqualTo(expected);
        Ciphertext re = ELGAMAL.rerandomise(KEY.publicKey(), sum).ciphertext();
        assertThat(re).isNotEqualTo(sum);
        assertThat(dec(re)).isEqualTo(expected);
    }
}

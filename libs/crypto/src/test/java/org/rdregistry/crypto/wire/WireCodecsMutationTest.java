package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.rdregistry.crypto.group.GroupContext;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Robustness of the decoders on damaged messages: a sample of any type with one byte changed either
 * decodes to a value that re-encodes to exactly those bytes (canonicity), or is rejected with a
 * {@link WireFormatException}; never another exception.
 */
class WireCodecsMutationTest {

    private static final List<Object> P256_SAMPLES = Samples.all(GroupContext.p256());
    private static final List<Object> K1_SAMPLES = Samples.all(GroupContext.secp256k1());

    @Property(tries = 400)
    void oneChangedByteIsRejectedOrCanonical(@ForAll boolean k1, @ForAll @IntRange(min = 0, max = 1000) int which,
                                              @ForAll @IntRange(min = 0, max = 1 << 20) int position,
                                              @ForAll @IntRange(min = 1, max = 255) int xor) {
        List<Object> samples = k1 ? K1_SAMPLES : P256_SAMPLES;
        Object value = samples.get(which % samples.size());
        byte[] bytes = Wire.toBytes(value);
        int at = position % bytes.length;
        bytes[at] ^= (byte) xor;
        Object decoded;
        try {
            decoded = Wire.fromBytes(bytes);
        } catch (WireFormatException e) {
            assertThat(e.getMessage()).startsWith(e.check() + ": ");
            return;
        }
        assertThat(Wire.toBytes(decoded)).isEqualTo(bytes);
    }
}

package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.group.GroupContext;

/** Samples.all covers every standard codec, so that the truncation and extra-byte tests reach them all. */
class SamplesCoverageTest {

    @Test
    void everyStandardCodecHasASample() {
        Set<Class<?>> sampled = Samples.all(GroupContext.p256()).stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> codecs = StandardCodecs.all().stream().map(Codec::type).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(codecs);
    }
}

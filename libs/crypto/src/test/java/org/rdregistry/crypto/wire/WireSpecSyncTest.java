package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps docs/spec/08-wire.md and the code in step: every standard codec has its exact row in the types
 * table, and every check number the code can report is defined in the spec.
 */
class WireSpecSyncTest {

    static final Path SPEC = Path.of("../../docs/spec/08-wire.md");
    static final Path MAIN = Path.of("src/main/java/org/rdregistry/crypto/wire");

    @Test
    void everyStandardCodecHasItsRowInTheSpec() throws IOException {
        String spec = Files.readString(SPEC);
        for (Codec<?> codec : StandardCodecs.all()) {
            String row = String.format("| 0x%04X | %s | %s |", codec.tag(), codec.name(), codec.layout());
            assertThat(spec).as("spec row for %s", codec.name()).contains(row);
        }
        assertThat(WireRegistry.standard().codecs()).hasSameSizeAs(StandardCodecs.all());
    }

    @Test
    void everyCheckNumberUsedInTheCodeIsDefinedInTheSpec() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern p = Pattern.compile("\"(W\\.\\d+)\"");
        try (Stream<Path> files = Files.list(MAIN)) {
            for (Path f : files.toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(10);
        String spec = Files.readString(SPEC);
        for (String check : used) {
            assertThat(spec).as("definition of %s", check).contains("- **" + check + "** ");
        }
    }
}

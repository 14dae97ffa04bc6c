package org.rdregistry.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds files under some directories that contain any of a set of byte strings. */
final class CanaryScan {

    private CanaryScan() {
    }

    /** Every regular file under {@code roots} that contains one of {@code needles}, as "file: needle #i". */
    static List<String> find(List<Path> roots, List<byte[]> needles) {
        List<String> hits = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    byte[] content;
                    try {
                        content = Files.readAllBytes(f);
                    } catch (IOException e) { // deleted by the broker while we walked
                        continue;
                    }
                    for (int i = 0; i < needles.size(); i++) {
                        if (indexOf(content, needles.get(i)) >= 0) {
                            hits.add(f + ": needle #" + i);
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // a directory vanished while walking (segment deletion): scan again on the next poll
                hits.add(root + ": walk interrupted (" + e.getMessage() + ")");
            }
        }
        return hits;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

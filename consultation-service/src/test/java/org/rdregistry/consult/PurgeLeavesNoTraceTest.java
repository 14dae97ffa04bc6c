package org.rdregistry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

/**
 * "When the patient is done, nothing readable is left behind": after a withdrawal, the bytes of the consultation's
 * history blob (as they appear in the JSON, and raw) disappear from every file of the broker's log directories and
 * from the service's state directory, once compaction has run (topics here compact within seconds; the sweeper rolls
 * the segments).
 */
class PurgeLeavesNoTraceTest extends ServiceTestBase {

    @Test
    void aWithdrawnConsultationLeavesNoBytesOnDisk() {
        KafkaTestBroker kafka = KafkaTestBroker.get();
        assumeTrue(kafka.logDirsAccessible(), "needs the broker's log directories on this machine");
        KeyPair patient = KeyPair.generate(TestConsult.GROUP);
        String id = ConsultationEncryptor.newConsultationId();
        ConsultationSubmission s = TestConsult.cardiology(id, patient, 1, "canary history, to be forgotten");
        String base64 = RegistryJson.mapper().valueToTree(s.history()).get("ciphertext").asString();
        List<byte[]> canaries = List.of(base64.substring(0, 40).getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(s.history().ciphertext(), 24));

        String credential = api.submit(s).accessCredential();
        api.awaitStatus(id, credential, Status.OPEN);
        KeyPair expert = KeyPair.generate(TestConsult.GROUP);
        api.claimOk(id, ConsultApi.CARDIOLOGIST, expert);
        api.awaitExpertView(id, ConsultApi.CARDIOLOGIST);
        // the scan sees the consultation while it lives (commands, cases, state and changelog topics hold it)
        await().atMost(ConsultApi.PATIENCE).until(() -> !filesContaining(kafka.logDirs(), canaries.get(0)).isEmpty());

        api.patient("DELETE", "/api/v1/consultations/" + id, credential).expectStatus().isNoContent();
        ConsultApi.assertProblem(api.patient("GET", "/api/v1/consultations/" + id, credential), 404, "not-found");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (byte[] canary : canaries) {
                assertThat(filesContaining(kafka.logDirs(), canary)).as("broker files with the history").isEmpty();
                assertThat(filesContaining(List.of(STATE_DIR), canary)).as("state files with the history").isEmpty();
            }
        });
    }

    /**
     * Every file under the directories whose bytes contain {@code needle}. Offset and time indexes are skipped: they
     * hold offsets and timestamps only, and are preallocated to 10 MB each.
     */
    static List<Path> filesContaining(List<Path> dirs, byte[] needle) {
        List<Path> hits = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile)
                        .filter(f -> !f.toString().endsWith(".index") && !f.toString().endsWith(".timeindex"))
                        .forEach(f -> {
                            try {
                                if (indexOf(Files.readAllBytes(f), needle) >= 0) {
                                    hits.add(f);
                                }
                            } catch (NoSuchFileException e) {
                                // deleted or renamed by the broker while we were scanning
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
            } catch (IOException | UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) && !(e instanceof NoSuchFileException)) {
                    throw new AssertionError("cannot scan " + dir, e);
                }
            }
        }
        return hits;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
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

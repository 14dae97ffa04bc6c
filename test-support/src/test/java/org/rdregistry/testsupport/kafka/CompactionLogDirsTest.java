package org.rdregistry.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The log directories of the embedded broker are real: a value written to a compacted topic is
 * found in the segment files, and once it is overwritten and the log cleaner has run (and the old
 * segments are deleted) its bytes are gone from disk.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CompactionLogDirsTest {

    @Test
    void logDirsAreListedOnlyWhenLocal(KafkaTestBroker kafka) {
        if (kafka.mode() == KafkaTestBroker.Mode.EMBEDDED) {
            assertThat(kafka.logDirsAccessible()).isTrue();
            assertThat(kafka.logDirs()).isNotEmpty().allSatisfy(dir -> assertThat(dir).isDirectory());
        }
        else {
            assertThat(kafka.logDirsAccessible()).isFalse();
            assertThat(kafka.logDirs()).isEmpty();
        }
    }

    @Test
    void overwrittenValueLeavesTheDiskAfterCompaction(KafkaTestBroker kafka) throws Exception {
        assumeTrue(kafka.logDirsAccessible(), "needs the broker's log directories on this machine");
        String topic = kafka.createTopic(KafkaTestBroker.uniqueName("canary"), 1, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_MS_CONFIG, "100",
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0",
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0",
                TopicConfig.DELETE_RETENTION_MS_CONFIG, "0",
                TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, "0"));
        assertThat(kafka.topicPartitionDirs(topic)).hasSize(1);
        byte[] canary = ("CANARY-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

        try (KafkaProducer<String, String> producer = TestClients.producer(kafka, Map.of())) {
            producer.send(new ProducerRecord<>(topic, "patient", new String(canary, StandardCharsets.UTF_8))).get();
            assertThat(filesContaining(kafka.topicPartitionDirs(topic), canary)).isNotEmpty();

            producer.send(new ProducerRecord<>(topic, "patient", "replacement")).get();

            // Only closed segments are compacted: keep appending so segments roll (segment.ms=100).
            await().atMost(TestClients.PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                producer.send(new ProducerRecord<>(topic, "filler", "x")).get();
                assertThat(filesContaining(kafka.topicPartitionDirs(topic), canary)).isEmpty();
            });
        }
    }

    /** Files in the (flat) partition directories whose bytes contain {@code needle}. */
    private static List<Path> filesContaining(List<Path> dirs, byte[] needle) {
        List<Path> hits = new ArrayList<>();
        for (Path dir : dirs) {
            File[] files = dir.toFile().listFiles(File::isFile);
            for (File file : files == null ? new File[0] : files) {
                try {
                    if (indexOf(Files.readAllBytes(file.toPath()), needle) >= 0) {
                        hits.add(file.toPath());
                    }
                }
                catch (NoSuchFileException e) {
                    // the broker deleted or renamed it while we were scanning
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
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

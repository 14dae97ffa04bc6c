package org.rdregistry.demo.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.demo.Cli;
import org.rdregistry.demo.key.DemoKey;
import org.rdregistry.testsupport.kafka.KafkaBrokerExtension;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

/**
 * The whole load command over real HTTP, a real broker and real crypto, against a stand-in for intake and
 * the aggregator (the services live in their own modules): a faithful pipeline passes, one that loses or
 * double-counts a record fails with exit code 3. Six records per run.
 */
@ExtendWith(KafkaBrokerExtension.class)
class LoadCommandTest {

    @TempDir
    Path tmp;
    KeyPair key;
    Path token;

    @BeforeEach
    void key() throws Exception {
        key = DemoKey.create(tmp.resolve("key"));
        token = Files.writeString(tmp.resolve("hospital.jwt"), "header.payload.signature\n");
    }

    Cli.Run load(KafkaTestBroker kafka, StandInPipeline pipeline, String topic, String timeout) {
        return Cli.run("load", "--url", pipeline.url().toString(), "--token-file", token.toString(),
                "--bootstrap", kafka.bootstrapServers(), "--dir", tmp.resolve("key").toString(), "--records", "6",
                "--cohorts", "2", "--batch-size", "2", "--in-flight", "2", "--threads", "1", "--topic", topic,
                "--timeout-seconds", timeout, "--settle-seconds", "0", "--seed", "1");
    }

    static String topic(KafkaTestBroker kafka) {
        return kafka.createTopic(KafkaTestBroker.uniqueName("aggregates"), 3,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    @Test
    void aFaithfulPipelinePassesAndTheSummaryHasEveryFigure(KafkaTestBroker kafka) throws Exception {
        String topic = topic(kafka);
        try (StandInPipeline pipeline = new StandInPipeline(kafka.bootstrapServers(), topic, key.publicKey(),
                StandInPipeline.Fault.NONE)) {
            Cli.Run run = load(kafka, pipeline, topic, "60");
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("uses the demo key", "client encryption: 6 records in",
                    "posted 6 records: 6 accepted", "=== registry pipeline load run ===", "records/s", "p50 ", "p95 ",
                    "p99 ", "max ", "PASS").doesNotContain("FAIL");
            assertThat(pipeline.authorizations).hasSize(3).containsOnly("Bearer header.payload.signature");
        }
    }

    @Test
    void aLostRecordFails(KafkaTestBroker kafka) throws Exception {
        String topic = topic(kafka);
        try (StandInPipeline pipeline = new StandInPipeline(kafka.bootstrapServers(), topic, key.publicKey(),
                StandInPipeline.Fault.LOSE_FIRST)) {
            Cli.Run run = load(kafka, pipeline, topic, "2");
            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.out()).contains("timed out", "1 record lost", "mismatch: ", "FAIL: 1 lost, 0 duplicated")
                    .contains("(5 of 6 records reached)");
        }
    }

    @Test
    void aRecordCountedTwiceFails(KafkaTestBroker kafka) throws Exception {
        String topic = topic(kafka);
        try (StandInPipeline pipeline = new StandInPipeline(kafka.bootstrapServers(), topic, key.publicKey(),
                StandInPipeline.Fault.COUNT_FIRST_TWICE)) {
            Cli.Run run = load(kafka, pipeline, topic, "60");
            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.out()).contains("1 record counted twice", "FAIL: 0 lost, 1 duplicated");
        }
    }

    @Test
    void anIntakeWithAnotherKeyIsRefusedBeforeAnythingIsSent(KafkaTestBroker kafka) throws Exception {
        String topic = topic(kafka);
        try (StandInPipeline pipeline = new StandInPipeline(kafka.bootstrapServers(), topic,
                KeyPair.generate(GroupContext.p256()).publicKey(), StandInPipeline.Fault.NONE)) {
            Cli.Run run = load(kafka, pipeline, topic, "60");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("is not the demo key").hasLineCount(1);
            assertThat(pipeline.authorizations).isEmpty();
        }
    }
}

package org.rdregistry.trustee.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.testsupport.kafka.KafkaBrokerExtension;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

/** The ceremony over the real Kafka broker of test-support: one topic, one partition, three trustees. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaCeremonyTest {

    @Test
    void threeTrusteesOverKafkaAgreeAndTheKeyDecrypts(KafkaTestBroker kafka) throws Exception {
        TestTrustees trustees = new TestTrustees(KafkaTestBroker.uniqueName("kafka-ceremony"), 3, 2);
        // another ceremony's messages on the same topic are skipped (key = ceremony id)
        TestTrustees other = new TestTrustees(KafkaTestBroker.uniqueName("other-ceremony"), 3, 2);
        try (KafkaBoard b = new KafkaBoard(kafka.clientProperties(), other.config.ceremonyId())) {
            b.post(SignedMessage.sign(other.config, other.identity(1), Round.CONFIRMATION, 1, 0, new byte[0]));
        }
        Map<Integer, TestTrustees.Run> runs = trustees.run(List.of(1, 2, 3), i -> board(kafka, trustees));

        CeremonyOutcome one = runs.get(1).ok();
        for (int i = 2; i <= 3; i++) {
            assertThat(runs.get(i).ok().resultDocument()).isEqualTo(one.resultDocument());
        }
        for (int i = 1; i <= 3; i++) {
            assertThat(runs.get(i).warnings()).isEmpty();
        }
        assertThat(one.published().verify().valid()).isTrue();
        assertThat(one.published().result().qualified()).containsExactly(1, 2, 3);
        List<TrusteeKeyShare> shares = runs.values().stream().map(r -> r.ok().share()).toList();
        assertThat(TestTrustees.decryptWith(one.registryKey(), 321, List.of(shares.get(2), shares.get(0)))).isEqualTo(321);

        TopicDescription topic = kafka.admin().describeTopics(List.of(KafkaBoard.TOPIC)).allTopicNames().get()
                .get(KafkaBoard.TOPIC);
        assertThat(topic.partitions()).hasSize(1);
        String retention = kafka.admin().describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                KafkaBoard.TOPIC))).all().get().values().iterator().next().get("retention.ms").value();
        assertThat(retention).isEqualTo("-1");

        // a fresh reader sees exactly this ceremony's 15 messages
        try (KafkaBoard reader = new KafkaBoard(kafka.clientProperties(), trustees.config.ceremonyId())) {
            assertThat(reader.readAll()).hasSize(15)
                    .allMatch(e -> SignedMessage.parse(e.content()).verify(trustees.config));
        }
    }

    private static CeremonyBoard board(KafkaTestBroker kafka, TestTrustees trustees) {
        try {
            return new KafkaBoard(kafka.clientProperties(), trustees.config.ceremonyId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

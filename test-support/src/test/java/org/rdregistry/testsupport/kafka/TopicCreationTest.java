package org.rdregistry.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicCreationTest {

    @Test
    void createsCompactedTopicWithItsConfig(KafkaTestBroker kafka) throws Exception {
        String topic = kafka.createTopic(KafkaTestBroker.uniqueName("compacted"), 4, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                TopicConfig.DELETE_RETENTION_MS_CONFIG, "1000",
                TopicConfig.SEGMENT_MS_CONFIG, "60000"));

        TopicDescription description = kafka.admin().describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic);
        assertThat(description.partitions()).hasSize(4)
                .allSatisfy(p -> {
                    assertThat(p.leader()).isNotNull();
                    assertThat(p.replicas()).hasSize(1);
                });

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = kafka.admin().describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        assertThat(config.get(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG).value()).isEqualTo("0.01");
        assertThat(config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value()).isEqualTo("1000");
        assertThat(config.get(TopicConfig.SEGMENT_MS_CONFIG).value()).isEqualTo("60000");
    }

    @Test
    void createsSeveralTopicsAtOnce(KafkaTestBroker kafka) throws Exception {
        String a = KafkaTestBroker.uniqueName("multi-a");
        String b = KafkaTestBroker.uniqueName("multi-b");
        kafka.createTopics(new NewTopic(a, Optional.of(2), Optional.empty()),
                new NewTopic(b, 1, (short) 1));

        assertThat(kafka.admin().listTopics().names().get()).contains(a, b);
    }

    @Test
    void creatingAnExistingTopicFails(KafkaTestBroker kafka) {
        String topic = kafka.createTopic(KafkaTestBroker.uniqueName("twice"), 1);

        assertThatThrownBy(() -> kafka.createTopic(topic, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(TopicExistsException.class);
    }

    @Test
    void brokerDoesNotAutoCreateTopics(KafkaTestBroker kafka) throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
                String.valueOf(kafka.admin().describeCluster().nodes().get().iterator().next().id()));
        Config config = kafka.admin().describeConfigs(List.of(broker)).all().get().get(broker);

        assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
        assertThat(config.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
        assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
        assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
    }
}

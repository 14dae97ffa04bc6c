package org.rdregistry.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void singleNodeSettings() {
        assertThat(BrokerSettings.brokerConfig())
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void dockerEnvNamesFollowTheApacheKafkaImageConvention() {
        assertThat(BrokerSettings.dockerEnvName("transaction.state.log.replication.factor"))
                .isEqualTo("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR");
        assertThat(BrokerSettings.dockerEnvName("some_prop.with-dash")).isEqualTo("KAFKA_SOME__PROP_WITH___DASH");
    }

    @Test
    void dockerImageTagMatchesTheKafkaClientsVersion() {
        assertThat(KafkaTestBroker.dockerImage()).isEqualTo(
                "apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion());
    }
}

package org.rdregistry.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class KafkaTestBrokerTest {

    @Test
    void everyAccessGetsTheSameBroker() throws Exception {
        KafkaTestBroker first = KafkaTestBroker.get();
        KafkaTestBroker second = KafkaTestBroker.get();

        assertThat(second).isSameAs(first);
        assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers()).isNotBlank();
        assertThat(second.mode()).isEqualTo(first.mode());
    }

    @Test
    void concurrentAccessesShareOneBroker() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<KafkaTestBroker> access = KafkaTestBroker::get;
            Set<KafkaTestBroker> brokers = new HashSet<>();
            for (Future<KafkaTestBroker> f : pool.invokeAll(java.util.Collections.nCopies(8, access))) {
                brokers.add(f.get());
            }
            assertThat(brokers).hasSize(1);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientPropertiesCarryTheBootstrapServersAndAreMutable() {
        KafkaTestBroker kafka = KafkaTestBroker.get();
        var props = kafka.clientProperties();

        assertThat(props).containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put("client.id", "x");
        assertThat(kafka.clientProperties()).doesNotContainKey("client.id");
    }

    @Test
    void uniqueNamesDoNotRepeatAndAreLegalTopicNames() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(KafkaTestBroker.uniqueName("records"));
        }
        assertThat(names).hasSize(1000).allSatisfy(name -> {
            assertThat(name).startsWith("records-");
            Topic.validate(name);
        });

        String cleaned = KafkaTestBroker.uniqueName("weird name/with:chars");
        assertThat(cleaned).startsWith("weird-name-with-chars-");
        Topic.validate(cleaned);
    }
}

package org.rdregistry.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transactions need the transaction state log; on a single broker it only exists because the
 * broker runs with {@code transaction.state.log.replication.factor=1} and {@code min.isr=1}.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TransactionsTest {

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions(KafkaTestBroker kafka) {
        String topic = kafka.createTopic(KafkaTestBroker.uniqueName("tx"), 1);

        try (KafkaProducer<String, String> producer = TestClients.producer(kafka,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaTestBroker.uniqueName("tx-producer")))) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted-1"));
            producer.send(new ProducerRecord<>(topic, "k", "aborted-2"));
            producer.flush(); // the aborted records really reach the log
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-3"));
            producer.commitTransaction();
        }

        // One partition: records arrive in log order, so once "committed-3" is seen every earlier
        // offset (including the aborted ones) has been passed.
        try (KafkaConsumer<String, String> committed = TestClients.consumer(kafka, "read_committed")) {
            committed.subscribe(List.of(topic));
            List<String> values = TestClients.values(TestClients.pollUntil(committed,
                    seen -> TestClients.values(seen).contains("committed-3")));
            assertThat(values).containsExactly("committed-1", "committed-2", "committed-3");
        }

        try (KafkaConsumer<String, String> uncommitted = TestClients.consumer(kafka, "read_uncommitted")) {
            uncommitted.subscribe(List.of(topic));
            List<String> values = TestClients.values(TestClients.pollUntil(uncommitted,
                    seen -> TestClients.values(seen).contains("committed-3")));
            assertThat(values).containsExactly("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3");
        }
    }
}

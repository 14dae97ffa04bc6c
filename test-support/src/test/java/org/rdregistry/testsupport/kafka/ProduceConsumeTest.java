package org.rdregistry.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class ProduceConsumeTest {

    @Test
    void idempotentAcksAllProducerRecordsReachAGroupConsumer(KafkaTestBroker kafka) throws Exception {
        String topic = kafka.createTopic(KafkaTestBroker.uniqueName("records"), 3);
        List<String> sent = IntStream.range(0, 30).mapToObj(i -> "value-" + i).toList();

        try (KafkaProducer<String, String> producer = TestClients.producer(kafka, Map.of())) {
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, "key-" + (i % 7), sent.get(i)))
                        .get();
                assertThat(metadata.topic()).isEqualTo(topic);
            }
        }

        try (KafkaConsumer<String, String> consumer = TestClients.consumer(kafka, "read_committed")) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received =
                    TestClients.pollUntil(consumer, seen -> seen.size() >= sent.size());
            assertThat(TestClients.values(received)).containsExactlyInAnyOrderElementsOf(sent);

            // same key, same partition, in send order
            for (int k = 0; k < 7; k++) {
                String key = "key-" + k;
                List<ConsumerRecord<String, String>> forKey =
                        received.stream().filter(r -> r.key().equals(key)).toList();
                assertThat(forKey).extracting(ConsumerRecord::partition).containsOnly(forKey.get(0).partition());
                assertThat(TestClients.values(forKey))
                        .isEqualTo(sent.stream().filter(v -> Integer.parseInt(v.substring(6)) % 7 == Integer
                                .parseInt(key.substring(4))).toList());
            }

            // committing offsets exercises the group coordinator (__consumer_offsets with RF 1)
            consumer.commitSync();
            Set<TopicPartition> partitions = new HashSet<>(consumer.assignment());
            assertThat(consumer.committed(partitions).values())
                    .allSatisfy(offset -> assertThat(offset).isNotNull());
        }
    }
}

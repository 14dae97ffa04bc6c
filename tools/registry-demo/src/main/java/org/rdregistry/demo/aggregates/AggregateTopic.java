package org.rdregistry.demo.aggregates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rdregistry.demo.CliException;

/**
 * Reading the compacted aggregates topic (key = ORPHA code, value = CohortAggregate JSON) without a
 * consumer group: all partitions assigned, nothing committed. {@code read_committed}, because the
 * aggregator writes in exactly-once transactions and an aborted write must not be shown.
 */
public final class AggregateTopic {

    /** How long to wait for the broker's metadata and offsets. */
    static final Duration API_TIMEOUT = Duration.ofSeconds(20);

    private AggregateTopic() {
    }

    /** A consumer for the topic, every partition assigned, positions not set yet. */
    public static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "registry-demo");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, API_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new CliException("topic " + topic + " does not exist on " + bootstrap
                        + " (is crypto-compute running?)");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            return consumer;
        } catch (TimeoutException e) {
            consumer.close();
            throw new CliException("no answer from Kafka at " + bootstrap + " within " + API_TIMEOUT.toSeconds() + " s");
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * The latest value of every key, reading from the beginning up to the end offsets taken at the start
     * (later writes are not waited for). Tombstones remove a key.
     */
    public static Map<String, byte[]> latest(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, topic)) {
            consumer.seekToBeginning(consumer.assignment());
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(consumer.assignment(), API_TIMEOUT));
            Map<String, byte[]> latest = new TreeMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new CliException("reading " + topic + " did not reach its end offsets within 5 minutes");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null) {
                        continue;
                    }
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
            return latest;
        } catch (TimeoutException e) {
            throw new CliException("no answer from Kafka at " + bootstrap + " within " + API_TIMEOUT.toSeconds() + " s");
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        end.entrySet().removeIf(e -> consumer.position(e.getKey(), API_TIMEOUT) >= e.getValue());
        return end.isEmpty();
    }
}

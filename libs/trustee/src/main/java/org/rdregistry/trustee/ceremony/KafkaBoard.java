package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A board on one Kafka topic, {@value #TOPIC}: a single partition (one total order that every reader
 * sees identically), key = ceremony id, value = the message's JSON; read from the beginning, skipping
 * other ceremonies' records. The topic is created if missing (replication factor min(3, brokers),
 * time-unlimited retention: the log is the ceremony's public record; a few kilobytes per ceremony).
 *
 * <p>Authentication of senders does not depend on Kafka (every message is signed), but a production
 * deployment should still give each trustee's principal write access to this topic only.
 */
public final class KafkaBoard implements CeremonyBoard {

    /** The key-ceremony topic. */
    public static final String TOPIC = "registry.key-ceremony.v1";

    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(60);
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final String ceremonyId;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Entry> entries = new ArrayList<>();

    /**
     * Connects, creating the topic if needed.
     *
     * @param clientConfig Kafka client settings: at least {@code bootstrap.servers}, plus any security
     *     settings (TLS, SASL) of the cluster
     */
    public KafkaBoard(Map<String, Object> clientConfig, String ceremonyId) throws IOException {
        this.ceremonyId = ceremonyId;
        ensureTopic(clientConfig);
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * SignedMessage.MAX_BYTES);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.producer = new KafkaProducer<>(p);
        try {
            this.consumer = new KafkaConsumer<>(c);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        consumer.assign(Set.of(PARTITION));
        consumer.seekToBeginning(Set.of(PARTITION));
    }

    /** A board with only {@code bootstrap.servers} set (plain, unauthenticated connections). */
    public static KafkaBoard connect(String bootstrapServers, String ceremonyId) throws IOException {
        return new KafkaBoard(Map.of("bootstrap.servers", bootstrapServers), ceremonyId);
    }

    private static void ensureTopic(Map<String, Object> clientConfig) throws IOException {
        try (Admin admin = Admin.create(clientConfig)) {
            TopicDescription description = describe(admin);
            if (description == null) {
                int brokers = admin.describeCluster().nodes().get(OPERATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS).size();
                short replication = (short) Math.max(1, Math.min(3, brokers));
                NewTopic topic = new NewTopic(TOPIC, 1, replication).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replication))));
                try {
                    admin.createTopics(List.of(topic)).all().get(OPERATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                description = describe(admin);
            }
            if (description == null || description.partitions().size() != 1) {
                throw new IOException("Kafka topic " + TOPIC + " must have exactly one partition (one order of "
                        + "messages for every trustee)");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot prepare Kafka topic " + TOPIC + ": " + cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while preparing Kafka topic " + TOPIC, e);
        }
    }

    private static TopicDescription describe(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return admin.describeTopics(List.of(TOPIC)).allTopicNames()
                    .get(OPERATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(TOPIC);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void post(SignedMessage message) throws IOException {
        try {
            producer.send(new ProducerRecord<>(TOPIC, 0, ceremonyId, message.toBytes()))
                    .get(OPERATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot post to Kafka topic " + TOPIC + ": " + cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to Kafka topic " + TOPIC, e);
        }
    }

    /** Reads up to the end offset observed now; returns every record of this ceremony so far. */
    @Override
    public synchronized List<Entry> readAll() throws IOException {
        try {
            long end = consumer.endOffsets(Set.of(PARTITION), OPERATION_TIMEOUT).get(PARTITION);
            long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
            while (consumer.position(PARTITION, OPERATION_TIMEOUT) < end) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("cannot read Kafka topic " + TOPIC + " up to offset " + end);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (ceremonyId.equals(r.key()) && r.value() != null) {
                        entries.add(new Entry(TOPIC + "@" + r.offset(), r.value()));
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IOException("cannot read Kafka topic " + TOPIC + ": " + e.getMessage(), e);
        }
        return List.copyOf(entries);
    }

    private static String cause(Exception e) {
        Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}

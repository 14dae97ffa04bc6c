package org.rdregistry.intake.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rdregistry.intake.IntakeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The in-memory view of the compacted record-index topic: record id to {@link IndexEntry}.
 *
 * <p>A background thread makes sure the topics exist (through {@link KafkaAdmin}), reads the index
 * topic from the beginning up to the end offsets seen at start (read_committed, so only committed
 * transactions count), then declares the index {@linkplain #ready() ready} and keeps following the
 * topic, so entries written by other instances arrive too. Entries this instance commits are applied
 * at once through {@link #committed}. If the broker is unreachable the thread retries; until the
 * first load completes the service answers 503 and its readiness is down.
 */
@Component
public class RecordIndex implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecordIndex.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);
    /** Tolerant on purpose: a newer intake may add fields to index values. */
    static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ConsumerFactory<?, ?> consumerFactory;
    private final KafkaAdmin kafkaAdmin;
    private final IntakeTopics topics;
    private final String clientId;

    private final Map<String, IndexEntry> byId = new ConcurrentHashMap<>();
    /** records-topic key to the record ids accepted under it; guarded by {@code this}. */
    private final Map<String, Set<String>> idsByKey = new ConcurrentHashMap<>();

    private volatile boolean ready;
    private volatile boolean running;
    private volatile Consumer<String, String> consumer;
    private volatile Thread thread;
    private CountDownLatch stopped = new CountDownLatch(1);

    public RecordIndex(ConsumerFactory<?, ?> consumerFactory, KafkaAdmin kafkaAdmin, IntakeTopics topics,
            IntakeProperties properties) {
        this.consumerFactory = consumerFactory;
        this.kafkaAdmin = kafkaAdmin;
        this.topics = topics;
        this.clientId = "intake-index-" + properties.instanceId();
    }

    /** Whether the index topic has been read up to its end once. */
    public boolean ready() {
        return ready;
    }

    public int size() {
        return byId.size();
    }

    public Optional<IndexEntry> get(String recordId) {
        return Optional.ofNullable(byId.get(recordId));
    }

    /** Record ids accepted under a records-topic key (for erasure). */
    public synchronized List<String> recordIdsForKey(String key) {
        return List.copyOf(idsByKey.getOrDefault(key, Set.of()));
    }

    /** Applies entries this instance has just committed, without waiting for them to come back. */
    public void committed(Map<String, IndexEntry> entries) {
        entries.forEach(this::put);
    }

    /** Applies tombstones this instance has just committed. */
    public void forgotten(List<String> recordIds) {
        recordIds.forEach(this::remove);
    }

    private synchronized void put(String recordId, IndexEntry entry) {
        IndexEntry old = byId.put(recordId, entry);
        if (old != null && !old.key().equals(entry.key())) {
            unlink(old.key(), recordId);
        }
        idsByKey.computeIfAbsent(entry.key(), k -> new HashSet<>()).add(recordId);
    }

    private synchronized void remove(String recordId) {
        IndexEntry old = byId.remove(recordId);
        if (old != null) {
            unlink(old.key(), recordId);
        }
    }

    private void unlink(String key, String recordId) {
        Set<String> ids = idsByKey.get(key);
        if (ids != null) {
            ids.remove(recordId);
            if (ids.isEmpty()) {
                idsByKey.remove(key);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        stopped = new CountDownLatch(1);
        Thread t = new Thread(this::run, "intake-record-index");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        stopped.countDown();
        Consumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            // no interrupt: it would break the consumer's close; wakeup() and the latch end every wait but
            // a topic check in progress (broker down), which gives up after spring.kafka.admin.operation-timeout
            // and then sees running = false: not worth delaying the shutdown for (daemon thread)
            try {
                t.join(TimeUnit.SECONDS.toMillis(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ready = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                // creates missing topics; returns false or throws if the broker does not answer
                if (!kafkaAdmin.initialize()) {
                    throw new IllegalStateException("could not create or check the topics");
                }
                try (Consumer<String, String> c = createConsumer()) {
                    consumer = c;
                    if (!running) {
                        return;
                    }
                    load(c);
                    while (running) {
                        apply(c.poll(Duration.ofSeconds(1)));
                    }
                } finally {
                    consumer = null;
                }
            } catch (WakeupException e) {
                // stop() woke the consumer up
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                ready = false;
                log.warn("record index unavailable, retrying in {}: {}", RETRY_BACKOFF, e.toString());
                try {
                    stopped.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Consumer<String, String> createConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // no group: partitions are assigned manually and every instance reads the whole index
        return (Consumer<String, String>) consumerFactory.createConsumer(null, clientId, null, p);
    }

    private void load(Consumer<String, String> c) {
        List<PartitionInfo> partitions = c.partitionsFor(topics.recordIndex());
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topics.recordIndex() + " has no partitions");
        }
        List<TopicPartition> tps = partitions.stream().map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
        c.assign(tps);
        c.seekToBeginning(tps);
        // a reload starts from scratch: entries compacted away meanwhile must not linger (not ready: no requests use it)
        synchronized (this) {
            byId.clear();
            idsByKey.clear();
        }
        Map<TopicPartition, Long> end = c.endOffsets(tps);   // last stable offsets under read_committed
        long started = System.nanoTime();
        while (running && tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
            apply(c.poll(Duration.ofMillis(500)));
        }
        if (running) {
            ready = true;
            log.info("record index loaded: {} entries from {} in {} ms", byId.size(), topics.recordIndex(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void apply(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> r : records) {
            if (r.key() == null) {
                continue;
            }
            if (r.value() == null) {
                remove(r.key());
                continue;
            }
            try {
                put(r.key(), JSON.readValue(r.value(), IndexEntry.class));
            } catch (JacksonException | NullPointerException e) {
                log.warn("skipping unreadable index entry at {}-{}@{}", r.topic(), r.partition(), r.offset());
            }
        }
    }
}

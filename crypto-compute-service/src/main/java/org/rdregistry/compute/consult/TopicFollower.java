package org.rdregistry.compute.consult;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one compacted topic from the beginning on its own thread, without a
 * consumer group (every process needs the whole topic), read_committed, and hands each entry to a
 * handler: the in-memory views of the consult topics. It tracks how far it has read, so that a caller
 * can wait until the view covers everything that was committed at some moment
 * ({@link #awaitPositions}). A lost broker is retried; the follower resumes where it was.
 */
public final class TopicFollower {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    private final Map<String, Object> consumerConfig;
    private final String clientId;
    private final String topic;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;

    private final Object progress = new Object();
    private final Map<TopicPartition, Long> positions = new HashMap<>();   // guarded by progress
    private boolean caughtUp;                                               // guarded by progress
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param consumerConfig bootstrap servers, security and other consumer settings (group, offsets,
     *     isolation and deserializers are set here)
     */
    public TopicFollower(Map<String, Object> consumerConfig, String clientId, String topic,
                         Consumer<ConsumerRecord<String, byte[]>> handler) {
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.clientId = clientId;
        this.topic = topic;
        this.handler = handler;
    }

    public String topic() {
        return topic;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        synchronized (progress) {
            progress.notifyAll();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Whether the topic was read up to the end offsets seen at start. */
    public boolean caughtUp() {
        synchronized (progress) {
            return caughtUp;
        }
    }

    /** Waits until {@link #caughtUp()}; false if the follower stopped or the time ran out first. */
    public boolean awaitCaughtUp(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (progress) {
            while (!caughtUp && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
            }
            return caughtUp;
        }
    }

    /**
     * Waits until every given partition has been read (and handed to the handler) up to the given
     * offset, e.g. the end offsets of the topic at some moment.
     *
     * @param deadline a {@link System#nanoTime()} value
     * @return true when reached, false if the deadline passed or the follower stopped first
     */
    public boolean awaitPositions(Map<TopicPartition, Long> target, long deadline) throws InterruptedException {
        synchronized (progress) {
            while (!reached(target)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
            }
            return true;
        }
    }

    private boolean reached(Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            Long at = positions.get(e.getKey());
            if (e.getValue() > 0 && (at == null || at < e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                consumer = c;
                if (!running) {
                    return;
                }
                List<TopicPartition> partitions = assign(c);
                Map<TopicPartition, Long> end = c.endOffsets(partitions);
                while (running) {
                    apply(c, c.poll(Duration.ofMillis(500)));
                    if (!caughtUp()) {
                        markCaughtUpIfAt(end);
                    }
                }
            } catch (WakeupException e) {
                // stop() woke the consumer up
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Reading {} failed, retrying in {}: {}", topic, RETRY_BACKOFF, e.getClass().getSimpleName());
                try {
                    Thread.sleep(RETRY_BACKOFF.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                consumer = null;
            }
        }
    }

    private List<TopicPartition> assign(KafkaConsumer<String, byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions");
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(partitions);
        synchronized (progress) {
            for (TopicPartition tp : partitions) {
                Long next = positions.get(tp);
                if (next != null) {
                    c.seek(tp, next);   // resume after a reconnection: nothing applied twice
                } else {
                    c.seekToBeginning(List.of(tp));
                }
            }
        }
        return partitions;
    }

    private void apply(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                handler.accept(r);
            } catch (RuntimeException e) {
                // a poison entry must not stop the view; its contents are not logged
                LOG.warn("Skipped an unusable entry at {}-{}@{} ({})", r.topic(), r.partition(), r.offset(),
                        e.getClass().getSimpleName());
            }
        }
        synchronized (progress) {
            // positions also move past transaction markers and aborted data
            for (TopicPartition tp : c.assignment()) {
                positions.put(tp, c.position(tp));
            }
            progress.notifyAll();
        }
    }

    private void markCaughtUpIfAt(Map<TopicPartition, Long> end) {
        synchronized (progress) {
            if (reached(end)) {
                caughtUp = true;
                progress.notifyAll();
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> props = new HashMap<>(consumerConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);   // no group: every partition is assigned here
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}

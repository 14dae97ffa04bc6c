package org.rdregistry.service.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads every partition of one topic on its own thread, without a consumer group (every instance
 * needs the whole topic): from the beginning or from the end, read_committed, so only committed
 * transactions count. Signals when it has {@linkplain #awaitCaughtUp caught up} with the end offsets
 * seen at start, then keeps following (or stops, for a load-once topic). A lost broker is retried;
 * the follower resumes where it was, so nothing is applied twice or skipped.
 */
public final class TopicFollower {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    public enum Start { BEGINNING, END }

    private final ConsumerFactory<?, ?> consumerFactory;
    private final String clientId;
    private final String topic;
    private final Start start;
    private final boolean follow;
    private final Consumer<ConsumerRecord<String, String>> handler;

    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile org.apache.kafka.clients.consumer.Consumer<String, String> consumer;
    private volatile Thread thread;

    public TopicFollower(ConsumerFactory<?, ?> consumerFactory, String clientId, String topic, Start start, boolean follow,
                         Consumer<ConsumerRecord<String, String>> handler) {
        this.consumerFactory = consumerFactory;
        this.clientId = clientId;
        this.topic = topic;
        this.start = start;
        this.follow = follow;
        this.handler = handler;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, clientId);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Waits until the topic was read up to the end offsets seen at start; false if stopped first. */
    public boolean awaitCaughtUp() throws InterruptedException {
        while (running) {
            if (caughtUp.await(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return caughtUp.getCount() == 0;
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    public void stop() {
        running = false;
        stopped.countDown();
        var c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try (var c = createConsumer()) {
                consumer = c;
                if (!running) {
                    return;
                }
                position(c);
                if (catchUp(c) && !follow) {
                    running = false;
                    return;
                }
                while (running) {
                    apply(c.poll(Duration.ofSeconds(1)));
                }
            } catch (WakeupException e) {
                // stop() woke the consumer up
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("reading {} failed, retrying in {}: {}", topic, RETRY_BACKOFF, e.toString());
                try {
                    stopped.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    return;
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void position(org.apache.kafka.clients.consumer.Consumer<String, String> c) {
        List<PartitionInfo> partitions = c.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions");
        }
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        c.assign(tps);
        for (TopicPartition tp : tps) {
            Long next = resumeAt.get(tp);
            if (next != null) {
                c.seek(tp, next);
            } else if (start == Start.BEGINNING) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seekToEnd(List.of(tp));
            }
        }
        // resolve the lazy seeks now: for Start.END, every later message is seen
        for (TopicPartition tp : tps) {
            resumeAt.put(tp, c.position(tp));
        }
    }

    /** Reads up to the end offsets (last stable offsets under read_committed) seen now. */
    private boolean catchUp(org.apache.kafka.clients.consumer.Consumer<String, String> c) {
        if (caughtUp.getCount() == 0) {
            return true;
        }
        Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
        while (running && end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
            apply(c.poll(Duration.ofMillis(500)));
        }
        if (running) {
            caughtUp.countDown();
            return true;
        }
        return false;
    }

    private void apply(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> r : records) {
            try {
                handler.accept(r);
            } catch (RuntimeException e) {
                // a poison message must not stop the topic; its contents are not logged
                log.warn("skipping unusable message at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                        e.getClass().getSimpleName());
            }
            resumeAt.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
        }
        // positions also move past transaction markers and aborted data
        var c = consumer;
        if (c != null) {
            for (TopicPartition tp : c.assignment()) {
                resumeAt.put(tp, c.position(tp));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private org.apache.kafka.clients.consumer.Consumer<String, String> createConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, start == Start.BEGINNING ? "earliest" : "latest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // no group: partitions are assigned manually
        return (org.apache.kafka.clients.consumer.Consumer<String, String>) consumerFactory.createConsumer(null, clientId,
                null, p);
    }
}

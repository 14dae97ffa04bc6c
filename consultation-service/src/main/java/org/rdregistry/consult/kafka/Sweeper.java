package org.rdregistry.consult.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.PartitionInfo;
import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.registry.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends a tombstone with key {@link Topics#CONSULT_SWEEP_KEY} to every partition of every topic that can hold
 * consultation bytes, each {@code consult.sweep-interval}. Compaction only cleans closed segments, and a segment
 * only rolls (after {@code segment.ms}) when something is appended: without this, the last consultation of a quiet
 * partition would survive its purge until the next write. Every consumer ignores the key. (The state machine sweeps
 * its changelog the same way from inside its task.)
 */
@Component
public class Sweeper implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final KafkaTemplate<String, String> template;
    private final ConsultTopics topics;
    private final long intervalMillis;
    private ScheduledExecutorService scheduler;

    public Sweeper(KafkaTemplate<String, String> template, ConsultTopics topics, ConsultProperties properties) {
        this.template = template;
        this.topics = topics;
        this.intervalMillis = properties.sweepInterval().toMillis();
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consult-sweeper");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("sweep failed, retrying in {} ms: {}", intervalMillis, e.toString());
        }
    }

    /** One tombstone per partition of every bounded topic; waits until all are written. */
    public void sweep() {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (String topic : topics.bounded()) {
            for (PartitionInfo p : template.partitionsFor(topic)) {
                sent.add(template.send(topic, p.partition(), Topics.CONSULT_SWEEP_KEY, null));
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public synchronized void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}

package org.rdregistry.stats.view;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.Release;
import org.rdregistry.stats.kafka.StatsTopics;
import org.rdregistry.service.kafka.TopicFollower;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The research API's view: built only from {@code registry.releases.v1}, read from the beginning
 * (so a restart rebuilds it; there is no second database). Per cohort it keeps the latest release
 * (by release time, then id: the topic is keyed by release id, so a cohort's releases may sit on
 * different partitions and an older one may be read after a newer one; it is then not "latest"), and
 * for every release where it is on the topic, so that old verification records are fetched on demand
 * instead of being held in memory.
 *
 * <p>Event streams: one replay-latest sink per cohort, fed by the single consumer thread, shared by
 * every subscriber of that cohort.
 */
@Component
public class ReleaseView implements DisposableBean {

    /** A release as published: parsed, and its exact JSON. */
    public record Published(Release release, String json) {
    }

    private record Location(int partition, long offset) {
    }

    private static final Comparator<Release> ORDER = Comparator.comparingLong(Release::releasedAtMillis)
            .thenComparing(Release::releaseId);

    private final TopicFollower follower;
    private final ConsumerFactory<?, ?> consumerFactory;
    private final String topic;
    private final Map<String, Published> latest = new ConcurrentHashMap<>();
    private final Map<String, Location> locations = new ConcurrentHashMap<>();
    private final Map<String, Sinks.Many<Published>> sinks = new ConcurrentHashMap<>();

    public ReleaseView(ConsumerFactory<?, ?> consumerFactory, StatsTopics topics) {
        this.consumerFactory = consumerFactory;
        this.topic = topics.releases();
        this.follower = new TopicFollower(consumerFactory, "stats-releases", topic, TopicFollower.Start.BEGINNING,
                true, this::apply);
    }

    /** Starts reading and returns once the topic was read to its end (false if stopped first). */
    public boolean load() throws InterruptedException {
        follower.start();
        return follower.awaitCaughtUp();
    }

    public boolean loaded() {
        return follower.caughtUp();
    }

    private void apply(ConsumerRecord<String, String> r) {
        if (r.key() == null || r.value() == null) {
            return;
        }
        Release release = RegistryJson.mapper().readValue(r.value(), Release.class);
        if (!release.releaseId().equals(r.key())) {
            throw new IllegalArgumentException("release id differs from its key");
        }
        locations.put(release.releaseId(), new Location(r.partition(), r.offset()));
        Published published = new Published(release, r.value());
        // under the lock that also guards creating a sink, so a new subscriber never misses a release
        synchronized (this) {
            Published current = latest.get(release.cohort());
            if (current != null && ORDER.compare(current.release(), release) >= 0) {
                return;
            }
            latest.put(release.cohort(), published);
            Sinks.Many<Published> sink = sinks.get(release.cohort());
            if (sink != null) {
                sink.tryEmitNext(published);
            }
        }
    }

    public Optional<Published> latest(String cohort) {
        return Optional.ofNullable(latest.get(cohort));
    }

    /** Every cohort with at least one release, and its latest release. */
    public Map<String, Published> latestByCohort() {
        return Map.copyOf(latest);
    }

    /**
     * The cohort's latest release now and each newer one as it is read, in order; one upstream for all
     * subscribers.
     */
    public Flux<Published> stream(String cohort) {
        Sinks.Many<Published> sink;
        synchronized (this) {
            sink = sinks.computeIfAbsent(cohort, c -> {
                Sinks.Many<Published> s = Sinks.many().replay().latest();
                Published now = latest.get(c);
                if (now != null) {
                    s.tryEmitNext(now);
                }
                return s;
            });
        }
        // each subscriber buffers on its own, so a slow one neither drops releases nor holds up the others
        return sink.asFlux().onBackpressureBuffer(64);
    }

    /** The exact JSON of any release read so far. Blocking (may read the topic): call off the event loop. */
    public Optional<String> releaseJson(String releaseId) {
        Location where = locations.get(releaseId);
        if (where == null) {
            return Optional.empty();
        }
        for (Published p : latest.values()) {
            if (p.release().releaseId().equals(releaseId)) {
                return Optional.of(p.json());
            }
        }
        return fetch(releaseId, where);
    }

    @SuppressWarnings("unchecked")
    private Optional<String> fetch(String releaseId, Location where) {
        Properties p = new Properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        try (Consumer<String, String> c = (Consumer<String, String>) consumerFactory.createConsumer(null,
                "stats-release-lookup", null, p)) {
            TopicPartition tp = new TopicPartition(topic, where.partition());
            c.assign(List.of(tp));
            c.seek(tp, where.offset());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    // compaction keeps the last value of a key, so the record may have moved on: match the key
                    if (releaseId.equals(r.key()) && r.value() != null) {
                        return Optional.of(r.value());
                    }
                    if (r.offset() >= where.offset()) {
                        return Optional.empty();
                    }
                }
            }
            throw new IllegalStateException("release " + releaseId + " could not be read from " + topic);
        }
    }

    @Override
    public void destroy() {
        follower.stop();
        sinks.values().forEach(Sinks.Many::tryEmitComplete);
    }
}

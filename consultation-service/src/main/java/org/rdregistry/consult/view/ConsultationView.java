package org.rdregistry.consult.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rdregistry.consult.engine.ConsultationRecord;
import org.rdregistry.consult.kafka.ConsultTopics;
import org.rdregistry.service.kafka.TopicFollower;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Every instance's read model: built only from the state machine's state topic, read from the beginning
 * (read_committed), so a restart rebuilds it and every instance converges to the same view. A tombstone (the purge)
 * removes the consultation and ends its event streams. Held in memory only.
 *
 * <p>Handlers that changed a consultation wait here until their instance shows the change (the command result
 * carries the revision), so a patient's GET after the 201 of a POST finds the consultation on any instance that
 * answered the POST.
 */
@Component
public class ConsultationView implements DisposableBean {

    private record Waiter(Predicate<ConsultationRecord> done, Sinks.Empty<Void> sink) {
    }

    private final TopicFollower follower;
    private final Map<String, ConsultationRecord> byId = new HashMap<>();
    private final Map<String, Sinks.Many<ConsultationRecord>> sinks = new HashMap<>();
    private final Map<String, List<Waiter>> waiters = new HashMap<>();

    public ConsultationView(ConsumerFactory<?, ?> consumerFactory, ConsultTopics topics) {
        this.follower = new TopicFollower(consumerFactory, "consult-state", topics.state(), TopicFollower.Start.BEGINNING,
                true, this::apply);
    }

    /** Starts reading; returns once the topic was read to its end (false if stopped first). */
    public boolean load() throws InterruptedException {
        follower.start();
        return follower.awaitCaughtUp();
    }

    private void apply(ConsumerRecord<String, String> r) {
        String id = r.key();
        if (id == null || Topics.CONSULT_SWEEP_KEY.equals(id)) {
            return;
        }
        ConsultationRecord next = r.value() == null ? null
                : RegistryJson.mapper().readValue(r.value(), ConsultationRecord.class);
        synchronized (this) {
            if (next == null) {
                byId.remove(id);
                Sinks.Many<ConsultationRecord> sink = sinks.remove(id);
                if (sink != null) {
                    sink.tryEmitComplete();
                }
            } else {
                ConsultationRecord current = byId.get(id);
                if (current != null && current.revision() >= next.revision()) {
                    return;
                }
                byId.put(id, next);
                Sinks.Many<ConsultationRecord> sink = sinks.get(id);
                if (sink != null) {
                    sink.tryEmitNext(next);
                }
            }
            release(id, next);
        }
    }

    private void release(String id, ConsultationRecord now) {
        List<Waiter> list = waiters.get(id);
        if (list == null) {
            return;
        }
        for (Iterator<Waiter> it = list.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.done().test(now)) {
                w.sink().tryEmitEmpty();
                it.remove();
            }
        }
        if (list.isEmpty()) {
            waiters.remove(id);
        }
    }

    public synchronized Optional<ConsultationRecord> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public synchronized Collection<ConsultationRecord> all() {
        return new ArrayList<>(byId.values());
    }

    /** Completes once this instance shows at least {@code revision} of the consultation (or after {@code limit}). */
    public Mono<Void> awaitRevision(String id, long revision, Duration limit) {
        return await(id, r -> r != null && r.revision() >= revision, limit);
    }

    /** Completes once this instance no longer shows the consultation (or after {@code limit}). */
    public Mono<Void> awaitGone(String id, Duration limit) {
        return await(id, r -> r == null, limit);
    }

    private Mono<Void> await(String id, Predicate<ConsultationRecord> done, Duration limit) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> sink = Sinks.empty();
            synchronized (this) {
                if (done.test(byId.get(id))) {
                    return Mono.empty();
                }
                waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(new Waiter(done, sink));
            }
            // the change was committed; if this instance is slow to show it, answer anyway
            return sink.asMono().timeout(limit, Mono.empty());
        });
    }

    /**
     * The consultation now and at each change, in order, until it is purged (then the stream completes); empty if it
     * is unknown. One upstream per consultation, shared by its subscribers.
     */
    public Flux<ConsultationRecord> stream(String id) {
        Sinks.Many<ConsultationRecord> sink;
        synchronized (this) {
            ConsultationRecord now = byId.get(id);
            if (now == null) {
                return Flux.empty();
            }
            sink = sinks.computeIfAbsent(id, k -> {
                Sinks.Many<ConsultationRecord> s = Sinks.many().replay().latest();
                s.tryEmitNext(now);
                return s;
            });
        }
        return sink.asFlux().onBackpressureBuffer(64);
    }

    @Override
    public synchronized void destroy() {
        follower.stop();
        sinks.values().forEach(Sinks.Many::tryEmitComplete);
        sinks.clear();
    }
}

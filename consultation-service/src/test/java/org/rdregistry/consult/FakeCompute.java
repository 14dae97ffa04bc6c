package org.rdregistry.consult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ConsultationVerifier;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.ModelScore;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.registry.consult.ScoreSet;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;

/**
 * Test-only stand-in for crypto-compute-service (being built elsewhere), following docs/design/consultations.md
 * over the real topics with real crypto: a scorer that verifies each SUBMITTED case and publishes its
 * {@link ScoreEvaluator} scores, and three trustees with the dealer's key shares that answer key-switch requests only
 * for what they recompute themselves (scores of the case, its history key, the patient's key or the current lease's
 * key) and refuse otherwise. Per consultation and trustee a {@link Behaviour} can be switched.
 */
final class FakeCompute implements AutoCloseable {

    enum Behaviour { NORMAL, DOWN, CORRUPT, REFUSE }

    private static final Duration CASE_WAIT = Duration.ofSeconds(5);

    private final String prefix;
    private final KafkaProducer<String, String> producer = TestConsult.producer();
    private final ConsultationVerifier verifier = new ConsultationVerifier(TestConsult.DEAL.jointKey().publicKey(),
            TestConsult.MODELS::get);
    private final Map<String, ConsultationCase> cases = new ConcurrentHashMap<>();
    private final Set<String> scored = ConcurrentHashMap.newKeySet();
    private final Set<String> ignoreFirstCase = ConcurrentHashMap.newKeySet();
    private final Set<String> purged = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<Integer, Behaviour>> behaviour = new ConcurrentHashMap<>();
    private final List<KeySwitchRequest> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private FakeCompute(String prefix) {
        this.prefix = prefix;
    }

    /** Starts the scorer and the trustees on the topics with this prefix (which must exist). */
    static FakeCompute start(String prefix) {
        FakeCompute f = new FakeCompute(prefix);
        f.follow(prefix + Topics.CONSULT_CASES.name(), f::onCase);
        f.follow(prefix + Topics.CONSULT_KEYSWITCH_REQUESTS.name(), f::onRequest);
        return f;
    }

    /** The scorer ignores the first publication of this case (as if it had not read its model yet). */
    void ignoreFirstCase(String consultationId) {
        ignoreFirstCase.add(consultationId);
    }

    void behave(String consultationId, int trustee, Behaviour b) {
        behaviour.computeIfAbsent(consultationId, c -> new ConcurrentHashMap<>()).put(trustee, b);
    }

    /** Every key-switch request seen so far. */
    List<KeySwitchRequest> requests(String consultationId) {
        return requests.stream().filter(r -> r.consultationId().equals(consultationId)).toList();
    }

    ConsultationCase latestCase(String consultationId) {
        return cases.get(consultationId);
    }

    private void follow(String topic, Consumer<ConsumerRecord<String, String>> handler) {
        KafkaConsumer<String, String> consumer = TestConsult.consumer();
        List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        consumers.add(consumer);
        Thread thread = new Thread(() -> {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                        if (r.key() != null && !Topics.CONSULT_SWEEP_KEY.equals(r.key())) {
                            handler.accept(r);
                        }
                    });
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }, "fake-compute-" + topic);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void onCase(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            cases.remove(r.key());
            purged.add(r.key());
            return;
        }
        ConsultationCase c = RegistryJson.mapper().readValue(r.value(), ConsultationCase.class);
        cases.put(r.key(), c);
        if (c.status() == ConsultationCase.Status.SUBMITTED && ignoreFirstCase.remove(r.key())) {
            return; // as a real scorer that rejected it for a passing reason
        }
        if (c.status() == ConsultationCase.Status.SUBMITTED && scored.add(r.key())) {
            workers.submit(() -> score(c));
        }
    }

    private void score(ConsultationCase c) {
        if (!verifier.verify(c.submission()).isEmpty()) {
            return;
        }
        ScoreSet set = new ScoreSet(c.consultationId(),
                ScoreEvaluator.scores(TestConsult.GROUP, c.submission(), TestConsult.MODELS));
        send(Topics.CONSULT_SCORES.name(), c.consultationId(), set);
    }

    private void onRequest(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            return;
        }
        KeySwitchRequest request = RegistryJson.mapper().readValue(r.value(), KeySwitchRequest.class);
        requests.add(request);
        for (int trustee = 1; trustee <= 3; trustee++) {
            int i = trustee;
            workers.submit(() -> answer(i, request));
        }
    }

    private void answer(int trustee, KeySwitchRequest request) {
        String id = request.consultationId();
        Behaviour b = behaviour.getOrDefault(id, Map.of()).getOrDefault(trustee, Behaviour.NORMAL);
        if (b == Behaviour.DOWN) {
            return;
        }
        ConsultTrusteeMessage.Reason refusal = b == Behaviour.REFUSE ? ConsultTrusteeMessage.Reason.NOT_RECOMPUTABLE
                : check(request);
        if (refusal != null) {
            send(Topics.CONSULT_TRUSTEE_MESSAGES.name(), id, new ConsultTrusteeMessage.Refusal(request.requestId(), id,
                    trustee, refusal, null));
            return;
        }
        List<KeySwitchShare> shares = new ArrayList<>();
        for (KeySwitchRequest.Item item : request.items()) {
            // a corrupt trustee proves its share under another request's context: the share does not verify
            String requestId = b == Behaviour.CORRUPT ? "not-" + request.requestId() : request.requestId();
            shares.add(KeySwitch.createShare(TestConsult.DEAL.share(trustee), item.ciphertext(), request.target(),
                    ConsultContexts.keySwitch(id, requestId, item.name())));
        }
        send(Topics.CONSULT_TRUSTEE_MESSAGES.name(), id, new ConsultTrusteeMessage.Shares(request.requestId(), id,
                trustee, shares));
    }

    /** The trustee's own checks (design doc): null if it may switch, else the refusal reason. */
    private ConsultTrusteeMessage.Reason check(KeySwitchRequest request) {
        String id = request.consultationId();
        long deadline = System.nanoTime() + CASE_WAIT.toNanos();
        while (true) {
            if (purged.contains(id)) {
                return ConsultTrusteeMessage.Reason.PURGED;
            }
            ConsultationCase c = cases.get(id);
            ConsultTrusteeMessage.Reason reason = c == null ? ConsultTrusteeMessage.Reason.UNKNOWN_CONSULTATION
                    : check(request, c);
            // the case on the log may lag behind the request: wait a little for it
            if (reason == null || System.nanoTime() > deadline) {
                return reason;
            }
            try {
                Thread.sleep(50);   // polling the test's own map, not a timed assertion
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return reason;
            }
        }
    }

    private static ConsultTrusteeMessage.Reason check(KeySwitchRequest request, ConsultationCase c) {
        List<ModelScore> own = ScoreEvaluator.scores(TestConsult.GROUP, c.submission(), TestConsult.MODELS);
        for (KeySwitchRequest.Item item : request.items()) {
            Ciphertext expected = null;
            if (item.name().equals(ConsultContexts.HISTORY_KEY_ITEM)) {
                if (request.purpose() != KeySwitchRequest.Purpose.EXPERT) {
                    return ConsultTrusteeMessage.Reason.NOT_ALLOWED;
                }
                expected = c.submission().history().encryptedKeyPoint();
            } else {
                for (ModelScore s : own) {
                    if (ConsultContexts.scoreItem(s.model()).equals(item.name())) {
                        expected = s.score();
                    }
                }
            }
            if (expected == null || !expected.equals(item.ciphertext())) {
                return ConsultTrusteeMessage.Reason.NOT_RECOMPUTABLE;
            }
        }
        if (request.purpose() == KeySwitchRequest.Purpose.PATIENT) {
            return request.target().equals(c.submission().patientKey()) ? null
                    : ConsultTrusteeMessage.Reason.WRONG_TARGET;
        }
        ConsultationCase.Lease lease = c.lease();
        boolean current = lease != null && lease.leaseId().equals(request.leaseId())
                && lease.expertKey().equals(request.target()) && lease.activeAt(Instant.now());
        return current ? null : ConsultTrusteeMessage.Reason.WRONG_TARGET;
    }

    private void send(String topic, String key, Object value) {
        try {
            producer.send(new ProducerRecord<>(prefix + topic, key, RegistryJson.mapper().writeValueAsString(value)))
                    .get();
        } catch (Exception e) {
            if (running) {
                throw new IllegalStateException("fake compute could not write to " + topic, e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        workers.shutdownNow();
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(2));
    }
}

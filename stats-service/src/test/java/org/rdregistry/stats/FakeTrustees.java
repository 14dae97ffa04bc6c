package org.rdregistry.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.dp.DiscreteGaussianSampler;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

/**
 * Test-only stand-in for the trustee processes (being built elsewhere): n trustees with real key shares
 * (test-only dealer), real discrete Gaussian noise, real Schnorr and DLEQ proofs, over the real topics,
 * following docs/design/releases.md. Their "own recomputed aggregate" is what they read on the
 * aggregates topic (the real ones recompute it from the records topic). Per cohort and trustee a
 * {@link Behaviour} can be switched: down, corrupted shares, refusing, bad noise proofs.
 */
final class FakeTrustees implements AutoCloseable {

    enum Behaviour { NORMAL, DOWN, CORRUPT_SHARE, REFUSE_NOISE, BAD_NOISE_PROOF }

    private static final Duration POSITION_WAIT = Duration.ofSeconds(10);

    private final String prefix;
    private final ReleaseLayout layout;
    private final ElGamal elgamal;
    private final List<Trustee> trustees = new ArrayList<>();
    private final Map<String, Map<Integer, Behaviour>> behaviour = new ConcurrentHashMap<>();
    /** cohort -> position -> aggregate ciphertexts in layout order. */
    private final Map<String, Map<Map<Integer, Long>, List<Ciphertext>>> aggregates = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(3);
    private final KafkaProducer<String, String> producer;
    private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private FakeTrustees(String prefix, List<TrusteeKeyShare> shares, ReleaseLayout layout) {
        this.prefix = prefix;
        this.layout = layout;
        this.elgamal = new ElGamal(shares.get(0).group());
        shares.forEach(s -> trustees.add(new Trustee(s)));
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props);
    }

    /** Starts the trustees on the topics with this prefix (which must exist). */
    static FakeTrustees start(String prefix) {
        FakeTrustees t = new FakeTrustees(prefix, TestRegistry.DEAL.shares(), TestRegistry.LAYOUT);
        t.follow(prefix + Topics.AGGREGATES.name(), t::onAggregate);
        t.follow(prefix + Topics.RELEASE_REQUESTS.name(), t::onRequest);
        return t;
    }

    void behave(String cohort, int trustee, Behaviour b) {
        behaviour.computeIfAbsent(cohort, c -> new ConcurrentHashMap<>()).put(trustee, b);
    }

    private Behaviour behaviour(String cohort, int trustee) {
        return behaviour.getOrDefault(cohort, Map.of()).getOrDefault(trustee, Behaviour.NORMAL);
    }

    private void follow(String topic, java.util.function.Consumer<ConsumerRecord<String, String>> handler) {
        Map<String, Object> props = KafkaTestBroker.get().clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        consumers.add(consumer);
        Thread thread = new Thread(() -> {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(200)).forEach(handler);
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }, "fake-trustees-" + topic);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void onAggregate(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            return;
        }
        CohortAggregate a = RegistryJson.mapper().readValue(r.value(), CohortAggregate.class);
        aggregates.computeIfAbsent(a.cohort(), c -> new ConcurrentHashMap<>()).put(a.position(), layout.ciphertexts(a));
    }

    private void onRequest(ConsumerRecord<String, String> r) {
        ReleaseRequest request = RegistryJson.mapper().readValue(r.value(), ReleaseRequest.class);
        for (Trustee t : trustees) {
            if (behaviour(request.cohort(), t.index()) == Behaviour.DOWN) {
                continue;
            }
            workers.execute(() -> {
                try {
                    TrusteeMessage answer = request instanceof ReleaseRequest.Noise n ? t.noise(n)
                            : t.decrypt((ReleaseRequest.Decrypt) request);
                    if (answer != null) {
                        producer.send(new ProducerRecord<>(prefix + Topics.TRUSTEE_MESSAGES.name(), answer.releaseId(),
                                RegistryJson.mapper().writeValueAsString(answer)));
                    }
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(FakeTrustees.class).error("fake trustee {} failed", t.index(), e);
                }
            });
        }
    }

    private List<Ciphertext> ownAggregate(String cohort, Map<Integer, Long> position) {
        long deadline = System.nanoTime() + POSITION_WAIT.toNanos();
        while (running && System.nanoTime() < deadline) {
            List<Ciphertext> own = aggregates.getOrDefault(cohort, Map.of()).get(position);
            if (own != null) {
                return own;
            }
            try {
                Thread.sleep(20);   // the trustee's own bounded wait for its input (trustee.position-wait)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** One trustee: its key share and what it has already done (each aggregate state at most once). */
    private final class Trustee {
        private final TrusteeKeyShare share;
        private final Map<String, TrusteeMessage.NoiseContribution> ownNoise = new HashMap<>();
        private final Set<String> noisedStates = new HashSet<>();
        private final Set<String> decryptedStates = new HashSet<>();

        Trustee(TrusteeKeyShare share) {
            this.share = share;
        }

        int index() {
            return share.index();
        }

        TrusteeMessage noise(ReleaseRequest.Noise request) {
            String id = request.releaseId();
            if (behaviour(request.cohort(), index()) == Behaviour.REFUSE_NOISE) {
                return refusal(id, TrusteeMessage.Reason.NOISE_TOO_LOW);
            }
            if (!layout.schema().version().equals(request.schemaVersion())
                    || request.aggregate().size() != layout.size()) {
                return refusal(id, TrusteeMessage.Reason.MALFORMED);
            }
            List<Ciphertext> own = ownAggregate(request.cohort(), request.position());
            if (own == null) {
                return refusal(id, TrusteeMessage.Reason.UNKNOWN_POSITION);
            }
            if (!own.equals(request.aggregate())) {
                return refusal(id, TrusteeMessage.Reason.AGGREGATE_MISMATCH);
            }
            List<Ciphertext> noise = new ArrayList<>();
            List<SchnorrProof> proofs = new ArrayList<>();
            if (!request.noise().isNone()) {
                for (Slot slot : layout.slots()) {
                    long eta = new DiscreteGaussianSampler(request.noise().sigma2For(slot)).sample();
                    Encryption e = elgamal.encrypt(share.publicKey(), eta);
                    noise.add(e.ciphertext());
                    String context = behaviour(request.cohort(), index()) == Behaviour.BAD_NOISE_PROOF ? "other" : slot.name();
                    proofs.add(SchnorrProof.prove(share.group(), ReleaseContexts.NOISE_DOMAIN,
                            ReleaseContexts.noise(id, request.cohort(), index(), context), e.ciphertext().alpha(),
                            e.randomness()));
                }
            }
            TrusteeMessage.NoiseContribution contribution = new TrusteeMessage.NoiseContribution(id, index(), noise, proofs);
            synchronized (this) {
                if (!noisedStates.add(request.cohort() + "@" + request.position())) {
                    return refusal(id, TrusteeMessage.Reason.ALREADY_RELEASED);
                }
                ownNoise.put(id, contribution);
            }
            return contribution;
        }

        TrusteeMessage decrypt(ReleaseRequest.Decrypt request) {
            String id = request.releaseId();
            TrusteeMessage.NoiseContribution mine;
            synchronized (this) {
                mine = ownNoise.get(id);
            }
            if (request.contributions().stream().noneMatch(c -> c.trustee() == index())) {
                return null;   // not in the noise set: not asked
            }
            if (mine == null || !request.contributions().contains(mine)
                    || request.contributions().stream().map(TrusteeMessage.NoiseContribution::trustee).distinct().count()
                            != request.contributions().size()) {
                return refusal(id, TrusteeMessage.Reason.BAD_NOISE_SET);
            }
            for (TrusteeMessage.NoiseContribution c : request.contributions()) {
                for (int j = 0; j < c.noise().size(); j++) {
                    if (!c.proofs().get(j).verify(share.group(), ReleaseContexts.NOISE_DOMAIN,
                            ReleaseContexts.noise(id, request.cohort(), c.trustee(), layout.slots().get(j).name()),
                            c.noise().get(j).alpha()).valid()) {
                        return refusal(id, TrusteeMessage.Reason.BAD_NOISE_SET);
                    }
                }
            }
            List<Ciphertext> own = ownAggregate(request.cohort(), request.position());
            if (own == null) {
                return refusal(id, TrusteeMessage.Reason.UNKNOWN_POSITION);
            }
            synchronized (this) {
                if (!decryptedStates.add(request.cohort() + "@" + request.position())) {
                    return refusal(id, TrusteeMessage.Reason.ALREADY_RELEASED);
                }
            }
            boolean corrupt = behaviour(request.cohort(), index()) == Behaviour.CORRUPT_SHARE;
            List<PartialDecryption> shares = new ArrayList<>();
            for (int j = 0; j < layout.size(); j++) {
                Ciphertext c = own.get(j);
                for (TrusteeMessage.NoiseContribution n : request.contributions()) {
                    if (!n.noise().isEmpty()) {
                        c = c.add(n.noise().get(j));
                    }
                }
                c = c.normalize();
                PartialDecryption d = ThresholdDecryption.partialDecrypt(share, c,
                        ReleaseContexts.decryption(id, request.cohort(), layout.slots().get(j).name()));
                if (corrupt) {
                    d = new PartialDecryption(d.trusteeIndex(), d.share().add(share.group().generator()).normalize(),
                            d.proof());
                }
                shares.add(d);
            }
            return new TrusteeMessage.DecryptionShares(id, index(), shares);
        }

        private TrusteeMessage refusal(String releaseId, TrusteeMessage.Reason reason) {
            return new TrusteeMessage.Refusal(releaseId, index(), reason, null);
        }
    }

    @Override
    public void close() {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread t : threads) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdownNow();
        producer.close(Duration.ofSeconds(2));
    }
}

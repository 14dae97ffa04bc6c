package org.rdregistry.compute.consult.trustee;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rdregistry.compute.consult.TopicFollower;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.events.RegistryJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import tools.jackson.databind.JsonNode;

/**
 * The trustee's side of consultation key switching on Kafka. It starts the followers of the cases,
 * purged and models topics (the trustee's own view), waits until they have read what was there at
 * start, then reads {@code consult.keyswitch-requests.v1} with a plain consumer (own group,
 * read_committed, earliest offset on first start, one request at a time, manual commits). For each
 * request it asks the broker for the end offsets (last stable offsets) of the cases and purged topics,
 * lets the {@link KeySwitchHandler} answer once the view has caught up with them, publishes the answer
 * on {@code consult.trustee-messages.v1} (key = consultation id, idempotent producer) and only then
 * commits the request's offset. A crash in between re-delivers the request, which gets an equivalent
 * answer (fresh shares of the same ciphertexts, or the refusal).
 *
 * <p>If an answer cannot be published, the listener stops (health {@code consultKeySwitch} DOWN,
 * readiness refused, liveness BROKEN) so that the platform restarts the trustee.
 */
public final class KeySwitchRequestListener implements SmartLifecycle, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(KeySwitchRequestListener.class);

    enum State { NOT_STARTED, STARTING, RUNNING, STOPPED, FAILED }

    /** Where to read and write. */
    public record RequestTopics(String requests, String messages) {
    }

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final String groupId;
    private final RequestTopics topics;
    private final TopicFollower cases;
    private final TopicFollower purged;
    private final TopicFollower models;
    private final KeySwitchHandler handler;
    private final ApplicationEventPublisher events;
    private final AtomicReference<State> state = new AtomicReference<>(State.NOT_STARTED);
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param consumerConfig bootstrap servers, security and other consumer settings (group, isolation,
     *     offsets and commits are set here)
     * @param producerConfig the same for the producer (acks and idempotence are set here)
     * @param events where failures are published as availability changes; null outside Spring
     */
    public KeySwitchRequestListener(Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
                                    String groupId, RequestTopics topics, TopicFollower cases, TopicFollower purged,
                                    TopicFollower models, KeySwitchHandler handler, ApplicationEventPublisher events) {
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.producerConfig = Map.copyOf(producerConfig);
        this.groupId = groupId;
        this.topics = topics;
        this.cases = cases;
        this.purged = purged;
        this.models = models;
        this.handler = handler;
        this.events = events;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        state.set(State.STARTING);
        cases.start();
        purged.start();
        models.start();
        thread = new Thread(this::run, "trustee-" + handler.trustee() + "-consult-requests");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(2_000);
                if (thread.isAlive()) {
                    thread.interrupt();   // waiting for the view: give the request up, it is re-delivered
                    thread.join(15_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cases.stop();
        purged.stop();
        models.stop();
        state.getAndUpdate(s -> s == State.FAILED ? s : State.STOPPED);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 500;
    }

    /** Whether the listener reads requests (its view has caught up with the topics as they were at start). */
    public boolean answering() {
        return state.get() == State.RUNNING;
    }

    @Override
    public Health health() {
        State s = state.get();
        return (s == State.RUNNING || s == State.STARTING ? Health.up() : Health.down()).withDetail("state", s.name())
                .withDetail("trustee", handler.trustee()).build();
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = newConsumer(); KafkaProducer<String, byte[]> producer = newProducer();
             Admin admin = newAdmin()) {
            consumer = c;
            if (!awaitInitialView()) {
                return;
            }
            List<TopicPartition> viewPartitions = partitions(c, cases.topic());
            viewPartitions.addAll(partitions(c, purged.topic()));
            state.compareAndSet(State.STARTING, State.RUNNING);
            LOG.info("Trustee {}: answering consultation key-switch requests on {}", handler.trustee(), topics.requests());
            c.subscribe(List.of(topics.requests()));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    if (!running) {
                        return;
                    }
                    ConsultTrusteeMessage answer = answer(admin, record, viewPartitions);
                    if (answer != null) {
                        producer.send(new ProducerRecord<>(topics.messages(), record.key(), RegistryJson.mapper()
                                .writerFor(ConsultTrusteeMessage.class).writeValueAsBytes(answer))).get();
                    }
                    c.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (ExecutionException e) {
            fail("an answer could not be published (" + e.getCause().getClass().getSimpleName() + ")", e);
        } catch (RuntimeException e) {
            if (running) {
                fail("the consultation request listener failed (" + e.getClass().getSimpleName() + ")", e);
            }
        } finally {
            consumer = null;
        }
    }

    private boolean awaitInitialView() throws InterruptedException {
        for (TopicFollower f : List.of(cases, purged, models)) {
            while (running && !f.awaitCaughtUp(Duration.ofSeconds(1))) {
                // keep waiting: answering from a partial view would refuse known consultations
            }
        }
        return running;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c, String topic) {
        List<PartitionInfo> infos = c.partitionsFor(topic);
        return new java.util.ArrayList<>(infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList());
    }

    /** The answer to one entry, or null for an entry that is nobody's request (tombstone, sweeper). */
    private ConsultTrusteeMessage answer(Admin admin, ConsumerRecord<String, byte[]> record,
                                         List<TopicPartition> viewPartitions) throws InterruptedException {
        if (record.key() == null || record.value() == null
                || org.rdregistry.registry.topics.Topics.CONSULT_SWEEP_KEY.equals(record.key())) {
            return null;
        }
        KeySwitchRequest request;
        try {
            request = RegistryJson.mapper().readValue(record.value(), KeySwitchRequest.class);
        } catch (RuntimeException e) {
            return handler.malformed(record.key(), requestIdOf(record.value()), null, "not a valid key-switch request");
        }
        if (!record.key().equals(request.consultationId())) {
            return handler.malformed(record.key(), request.requestId(), request.purpose(),
                    "key is not the request's consultation id");
        }
        // what the cases and purged topics hold now (last stable offsets): the request's case update was
        // committed before the request, so the view must reach at least this far
        Map<TopicPartition, Long> end = endOffsets(admin, viewPartitions);
        if (end == null) {
            return handler.handle(request, deadline -> false);
        }
        Map<TopicPartition, Long> endCases = new HashMap<>();
        Map<TopicPartition, Long> endPurged = new HashMap<>();
        end.forEach((tp, offset) -> (tp.topic().equals(cases.topic()) ? endCases : endPurged).put(tp, offset));
        return handler.handle(request, deadline -> cases.awaitPositions(endCases, deadline)
                & purged.awaitPositions(endPurged, deadline));
    }

    /** The last stable offsets of the partitions, or null if the broker does not tell in time. */
    private Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        } catch (ExecutionException | TimeoutException e) {
            // the view may be behind: the request is decided after consult.case-wait on what the view holds
            LOG.warn("Trustee {}: end offsets of the consult topics unavailable ({})", handler.trustee(),
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /** The request id of an unreadable request, if it has one, so that the refusal can name it. */
    private static String requestIdOf(byte[] value) {
        try {
            JsonNode node = RegistryJson.mapper().readTree(value);
            JsonNode id = node.path("requestId");
            return id.isString() ? id.stringValue() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void fail(String message, Exception e) {
        LOG.error("Trustee {}: {}", handler.trustee(), message, e);
        state.set(State.FAILED);
        running = false;
        if (events != null) {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> props = new HashMap<>(consumerConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // one request at a time; a request may wait consult.case-wait for the view
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Admin newAdmin() {
        Map<String, Object> props = new HashMap<>();
        consumerConfig.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-offsets");
        return Admin.create(props);
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> props = new HashMap<>(producerConfig);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-answers");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}

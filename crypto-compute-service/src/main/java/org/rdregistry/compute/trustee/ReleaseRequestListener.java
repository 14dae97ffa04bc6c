package org.rdregistry.compute.trustee;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.release.TrusteeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The trustee's side of the release protocol on Kafka: a plain consumer (own group, read_committed,
 * earliest offset on first start, manual commits) reads the release requests one at a time, the
 * {@link TrusteeRequestHandler} answers, an idempotent producer publishes the answer keyed by release id,
 * and only then is the request's offset committed. A crash in between re-delivers the request, which
 * gets the same answer (the ledger remembers the contribution) or a refusal, never a second noise draw
 * or a second decryption of another noise set.
 *
 * <p>If the ledger cannot be written, the listener stops (health {@code trusteeRequests} DOWN, liveness
 * BROKEN) rather than answer without remembering.
 */
public final class ReleaseRequestListener implements SmartLifecycle, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseRequestListener.class);

    enum State { NOT_STARTED, RUNNING, STOPPED, FAILED }

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final String groupId;
    private final String requestsTopic;
    private final String messagesTopic;
    private final TrusteeRequestHandler handler;
    private final ApplicationEventPublisher events;
    private final AtomicReference<State> state = new AtomicReference<>(State.NOT_STARTED);
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param consumerConfig bootstrap servers, security and other settings of the consumer (group,
     *     isolation, offsets and commits are set here)
     * @param producerConfig the same for the producer (acks and idempotence are set here)
     */
    public ReleaseRequestListener(Map<String, Object> consumerConfig, Map<String, Object> producerConfig, String groupId,
                                  String requestsTopic, String messagesTopic, TrusteeRequestHandler handler,
                                  ApplicationEventPublisher events) {
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.producerConfig = Map.copyOf(producerConfig);
        this.groupId = groupId;
        this.requestsTopic = requestsTopic;
        this.messagesTopic = messagesTopic;
        this.handler = handler;
        this.events = events;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        state.set(State.RUNNING);
        thread = new Thread(this::run, "trustee-" + handler.trustee() + "-requests");
        thread.setDaemon(false);
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
                    thread.interrupt();   // waiting for a position: give up the request, it is re-delivered
                    thread.join(15_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        state.compareAndSet(State.RUNNING, State.STOPPED);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the Streams client (which the requests wait for), stopped before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 500;
    }

    @Override
    public Health health() {
        State s = state.get();
        return (s == State.RUNNING ? Health.up() : Health.down()).withDetail("state", s.name())
                .withDetail("trustee", handler.trustee()).build();
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = newConsumer(); KafkaProducer<String, byte[]> producer = newProducer()) {
            consumer = c;
            c.subscribe(List.of(requestsTopic));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    if (!running) {
                        return;
                    }
                    TrusteeMessage answer = answer(record);
                    if (answer != null) {
                        producer.send(new ProducerRecord<>(messagesTopic, answer.releaseId(),
                                RegistryJson.mapper().writerFor(TrusteeMessage.class).writeValueAsBytes(answer))).get();
                    }
                    c.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (IOException e) {
            fail("the ledger cannot be written (" + e.getClass().getSimpleName() + "); not answering any more requests", e);
        } catch (ExecutionException e) {
            fail("an answer could not be published (" + e.getCause().getClass().getSimpleName() + ")", e);
        } catch (RuntimeException e) {
            if (running) {
                fail("the request listener failed (" + e.getClass().getSimpleName() + ")", e);
            }
        } finally {
            consumer = null;
        }
    }

    /** The answer to one request, or null for an entry that is not a request of anyone (no key, no value). */
    private TrusteeMessage answer(ConsumerRecord<String, byte[]> record) throws IOException, InterruptedException {
        if (record.value() == null || record.key() == null) {
            LOG.warn("Ignored release-requests entry {}-{}@{} without key or value", record.topic(), record.partition(),
                    record.offset());
            return null;
        }
        ReleaseRequest request;
        try {
            request = RegistryJson.mapper().readValue(record.value(), ReleaseRequest.class);
        } catch (RuntimeException e) {
            LOG.warn("Release {}: request {}-{}@{} is not a valid release request ({})", record.key(), record.topic(),
                    record.partition(), record.offset(), e.getClass().getSimpleName());
            return new TrusteeMessage.Refusal(record.key(), handler.trustee(), TrusteeMessage.Reason.MALFORMED,
                    "not a valid release request");
        }
        if (!record.key().equals(request.releaseId())) {
            return new TrusteeMessage.Refusal(record.key(), handler.trustee(), TrusteeMessage.Reason.MALFORMED,
                    "key is not the request's release id");
        }
        return handler.handle(request);
    }

    private void fail(String message, Exception e) {
        LOG.error("Trustee {}: {}", handler.trustee(), message, e);
        state.set(State.FAILED);
        running = false;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> props = new java.util.HashMap<>(consumerConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // one request at a time; a request may wait for its position (trustee.position-wait)
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> props = new java.util.HashMap<>(producerConfig);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-answers");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}

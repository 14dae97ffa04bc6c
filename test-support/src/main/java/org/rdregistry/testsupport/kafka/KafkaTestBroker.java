package org.rdregistry.testsupport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka broker of a test JVM.
 *
 * <p>The broker is started lazily on the first {@link #get()} and stopped by a JVM shutdown hook,
 * so every test class in a JVM (a Surefire fork) shares it; tests isolate themselves with
 * {@linkplain #uniqueName(String) unique topic, group and transactional ids}.
 *
 * <p>Which broker is used is decided once, by {@code rd.kafka.mode} (system property, or the
 * environment variable {@code RD_KAFKA_MODE}):
 * <ul>
 *   <li>{@code auto} (default): Testcontainers' {@code apache/kafka} image when a Docker engine is
 *       reachable, otherwise the embedded KRaft broker;</li>
 *   <li>{@code embedded}: an in-JVM KRaft broker (one combined broker/controller node) built from
 *       Maven Central artifacts (Kafka's {@code KafkaClusterTestKit}, the engine under
 *       spring-kafka-test's {@code EmbeddedKafkaKraftBroker}), formatted with the production
 *       metadata version;</li>
 *   <li>{@code docker}: the {@code apache/kafka} container (image tag = the kafka-clients version,
 *       override with {@code rd.kafka.image});</li>
 *   <li>{@code external}: an already running broker at {@code rd.kafka.bootstrap}.</li>
 * </ul>
 * Embedded and Docker brokers get the same single-node settings: internal topics (transaction
 * state log, consumer offsets) with replication factor 1 and min ISR 1, no topic auto-creation,
 * no initial rebalance delay.
 *
 * <p>All methods are thread-safe.
 */
public final class KafkaTestBroker {

    /** Where the broker runs. */
    public enum Mode {
        /** In-JVM KRaft broker; log directories are readable by the test. */
        EMBEDDED,
        /** Testcontainers {@code apache/kafka} container. */
        DOCKER,
        /** A broker started outside the tests ({@code rd.kafka.bootstrap}). */
        EXTERNAL
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTestBroker.class);

    private static final long ADMIN_TIMEOUT_MS = 30_000;

    private static final AtomicLong NAME_SEQUENCE = new AtomicLong();

    private static final Object LOCK = new Object();

    private static volatile KafkaTestBroker instance;

    private static RuntimeException startFailure;

    private final BrokerBackend backend;

    private final Admin admin;

    private KafkaTestBroker(BrokerBackend backend) {
        this.backend = backend;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, backend.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "rd-test-support-admin"));
    }

    /**
     * Returns the broker of this JVM, starting it on first use. If the start failed, every later
     * call fails with the same cause instead of trying again.
     */
    public static KafkaTestBroker get() {
        KafkaTestBroker broker = instance;
        if (broker != null) {
            return broker;
        }
        synchronized (LOCK) {
            if (instance != null) {
                return instance;
            }
            if (startFailure != null) {
                throw new IllegalStateException("The Kafka test broker failed to start earlier in this JVM",
                        startFailure);
            }
            try {
                instance = start();
                return instance;
            }
            catch (RuntimeException | Error e) {
                startFailure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                throw e;
            }
        }
    }

    private static KafkaTestBroker start() {
        String requested = requestedMode();
        long started = System.nanoTime();
        BrokerBackend backend = switch (requested) {
            case "auto" -> autoBackend();
            case "embedded" -> new EmbeddedKraftBackend(BrokerSettings.brokerConfig());
            case "docker" -> new DockerBackend(BrokerSettings.brokerConfig(), dockerImage());
            case "external" -> new ExternalBackend(BrokerSettings.setting(BrokerSettings.BOOTSTRAP_PROPERTY)
                    .orElseThrow(() -> new IllegalStateException(BrokerSettings.MODE_PROPERTY
                            + "=external needs " + BrokerSettings.BOOTSTRAP_PROPERTY
                            + " (or RD_KAFKA_BOOTSTRAP) with the bootstrap servers")));
            default -> throw new IllegalStateException("Unknown " + BrokerSettings.MODE_PROPERTY + " '"
                    + requested + "'; use auto, embedded, docker or external");
        };
        Mode mode = backend.mode();
        KafkaTestBroker broker;
        try {
            broker = new KafkaTestBroker(backend);
        }
        catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "rd-kafka-test-broker-shutdown"));
        LOG.info("Kafka test broker ({}) ready at {} after {} ms", mode, backend.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    static String requestedMode() {
        return BrokerSettings.setting(BrokerSettings.MODE_PROPERTY).orElse("auto").toLowerCase(Locale.ROOT);
    }

    /**
     * Docker when an engine is reachable, otherwise embedded; if the container cannot be started
     * (image not pullable offline, engine refusing), falls back to embedded with a warning. Only
     * an explicit {@code rd.kafka.mode=docker} makes a Docker failure fatal.
     */
    private static BrokerBackend autoBackend() {
        if (DockerDetector.dockerAvailable()) {
            try {
                return new DockerBackend(BrokerSettings.brokerConfig(), dockerImage());
            }
            catch (RuntimeException e) {
                LOG.warn("Could not start the Kafka container ({}); using the embedded Kafka broker. "
                        + "Set {}=docker to make this an error.", e.toString(), BrokerSettings.MODE_PROPERTY, e);
            }
        }
        return new EmbeddedKraftBackend(BrokerSettings.brokerConfig());
    }

    static String dockerImage() {
        return BrokerSettings.setting(BrokerSettings.IMAGE_PROPERTY)
                .orElse("apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion());
    }

    /** Where the broker runs. */
    public Mode mode() {
        return backend.mode();
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:40123}. */
    public String bootstrapServers() {
        return backend.bootstrapServers();
    }

    /**
     * A new mutable map holding just {@code bootstrap.servers}, to which a test adds its
     * serializers, group id and so on.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /**
     * The broker's data log directories (the {@code log.dirs}), each holding one
     * {@code <topic>-<partition>} directory per hosted partition. Only an {@link Mode#EMBEDDED}
     * broker's directories are on this machine; for the other modes the list is empty, so a test
     * that inspects files on disk should {@code assumeTrue(broker.logDirsAccessible())}.
     */
    public List<Path> logDirs() {
        return backend.logDirs();
    }

    /** Whether {@link #logDirs()} lists directories the test can read (embedded broker only). */
    public boolean logDirsAccessible() {
        return !backend.logDirs().isEmpty();
    }

    /**
     * The existing partition directories of {@code topic} in {@link #logDirs()}
     * ({@code <logDir>/<topic>-<n>}); empty if the log directories are not accessible.
     */
    public List<Path> topicPartitionDirs(String topic) {
        List<Path> result = new ArrayList<>();
        for (Path logDir : logDirs()) {
            try (Stream<Path> children = Files.list(logDir)) {
                children.filter(Files::isDirectory)
                        .filter(p -> isPartitionDirOf(p.getFileName().toString(), topic))
                        .sorted()
                        .forEach(result::add);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    private static boolean isPartitionDirOf(String dirName, String topic) {
        if (!dirName.startsWith(topic + "-")) {
            return false;
        }
        String suffix = dirName.substring(topic.length() + 1);
        return !suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit);
    }

    /**
     * Creates the topics and waits until every partition has a leader. A topic whose replication
     * factor is left empty ({@code new NewTopic(name, partitions, Optional.empty())}) gets the
     * broker default, which is 1 on the embedded and Docker brokers.
     *
     * @throws IllegalStateException if a topic cannot be created (for instance it already exists)
     */
    public void createTopics(NewTopic... topics) {
        List<NewTopic> list = Arrays.asList(topics);
        try {
            admin.createTopics(list).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics " + names(list), e.getCause());
        }
        catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + names(list), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating topics " + names(list), e);
        }
        awaitLeaders(names(list));
    }

    /**
     * Creates a topic with the broker's default replication factor and the given topic configs
     * (e.g. {@code cleanup.policy=compact}) and waits for its partition leaders.
     *
     * @return {@code name}, so that {@code createTopic(uniqueName("records"), 3, Map.of())} can be
     *         assigned directly
     */
    public String createTopic(String name, int partitions, Map<String, String> configs) {
        createTopics(new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs));
        return name;
    }

    /** {@link #createTopic(String, int, Map)} without topic configs. */
    public String createTopic(String name, int partitions) {
        return createTopic(name, partitions, Map.of());
    }

    /**
     * The shared admin client of this broker (do not close it). Useful for describing topics,
     * configs, consumer groups and offsets.
     */
    public Admin admin() {
        return admin;
    }

    /**
     * A name no other test (in this JVM or another run against the same broker) uses:
     * {@code <prefix>-<sequence>-<random>}; characters Kafka does not allow in topic names are
     * replaced by '-'. Use it for topics, consumer group ids, transactional ids and application ids.
     */
    public static String uniqueName(String prefix) {
        String clean = prefix == null || prefix.isBlank() ? "t" : prefix.replaceAll("[^a-zA-Z0-9._-]", "-");
        if (clean.length() > 200) {
            clean = clean.substring(0, 200);
        }
        return clean + "-" + NAME_SEQUENCE.incrementAndGet() + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private void awaitLeaders(Collection<String> topics) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ADMIN_TIMEOUT_MS);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                        .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                boolean ready = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (ready && descriptions.keySet().containsAll(topics)) {
                    return;
                }
            }
            catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException
                        || e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException("Could not describe topics " + topics, e.getCause());
                }
                last = e;
            }
            catch (TimeoutException e) {
                last = e;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for topics " + topics, e);
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for topics " + topics, e);
            }
        }
        throw new IllegalStateException("Partitions of " + topics + " got no leader within "
                + ADMIN_TIMEOUT_MS + " ms", last);
    }

    private static Set<String> names(List<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    private void close() {
        try {
            admin.close(java.time.Duration.ofSeconds(5));
        }
        catch (RuntimeException e) {
            LOG.debug("Closing the admin client failed", e);
        }
        backend.close();
    }
}

package org.rdregistry.stats;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.stats.kafka.ReleasePublisher;
import org.rdregistry.stats.privacy.PrivacyLedger;
import org.rdregistry.stats.release.ReleaseCoordinator;
import org.rdregistry.stats.release.ReleaseInputs;
import org.rdregistry.stats.view.ReleaseView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Brings the service up in the one safe order, on a background thread, retrying while the broker is
 * away: topics exist; the transactional producer is initialised (aborting anything a previous
 * incarnation left open, which would otherwise hold up read_committed reads); every privacy budget is
 * read back; the releases topic is read to its end (the API's view, and each cohort's last released
 * position); the trustee-message reader is at the end of its topic; every aggregate is read; only then
 * are releases made. Until then the API answers 503 and readiness is down (health contributor
 * {@code stats}).
 */
@Component("stats")
public class StatsStartup implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(StatsStartup.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    private final KafkaAdmin kafkaAdmin;
    private final ReleasePublisher publisher;
    private final PrivacyLedger ledger;
    private final ReleaseView view;
    private final ReleaseInputs inputs;
    private final ReleaseCoordinator coordinator;
    private final DiscreteLog discreteLog;

    private volatile boolean running;
    private volatile boolean ready;
    private volatile Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public StatsStartup(KafkaAdmin kafkaAdmin, ReleasePublisher publisher, PrivacyLedger ledger, ReleaseView view,
                        ReleaseInputs inputs, ReleaseCoordinator coordinator, DiscreteLog discreteLog) {
        this.kafkaAdmin = kafkaAdmin;
        this.publisher = publisher;
        this.ledger = ledger;
        this.view = view;
        this.inputs = inputs;
        this.coordinator = coordinator;
        this.discreteLog = discreteLog;
    }

    /** Whether the view is loaded and releases are being made. */
    public boolean ready() {
        return ready;
    }

    @Override
    public Health health() {
        return ready ? Health.up().build() : Health.outOfService().withDetail("state", "starting").build();
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::run, "stats-startup");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        while (running) {
            try {
                long started = System.nanoTime();
                if (!kafkaAdmin.initialize()) {
                    throw new IllegalStateException("could not create or check the topics");
                }
                publisher.initialise();
                // the table is built once; building it now keeps the first release from waiting for it
                discreteLog.warmUp();
                if (!ledger.loadAll() || !view.load() || !inputs.listenToTrustees() || !inputs.readAggregates()) {
                    return;
                }
                coordinator.open();
                ready = true;
                log.info("stats-service ready in {} ms", (System.nanoTime() - started) / 1_000_000);
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("start-up step failed, retrying in {}: {}", RETRY_BACKOFF, e.toString());
                try {
                    stopped.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        ready = false;
        stopped.countDown();
        ledger.stop();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

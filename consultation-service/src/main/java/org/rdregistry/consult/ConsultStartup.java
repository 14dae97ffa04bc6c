package org.rdregistry.consult;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.consult.engine.Command;
import org.rdregistry.consult.engine.CommandResult;
import org.rdregistry.consult.engine.StreamsEngine;
import org.rdregistry.consult.gateway.CommandGateway;
import org.rdregistry.consult.kafka.Sweeper;
import org.rdregistry.consult.view.ConsultationView;
import org.rdregistry.consult.view.ModelView;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Brings the service up in the one safe order, on a background thread, retrying while the broker is away: topics
 * exist; the command-results reader is at the end of its topic (so no result of a later command is missed); the
 * models and the consultations' state are read to their ends; the state machine starts; the sweeper starts; the
 * shipped models are published if absent. Until then the API answers 503 and readiness is down (health contributor
 * {@code consult}).
 */
@Component("consult")
public class ConsultStartup implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ConsultStartup.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    private final KafkaAdmin kafkaAdmin;
    private final CommandGateway gateway;
    private final ModelView models;
    private final ConsultationView view;
    private final StreamsEngine engine;
    private final Sweeper sweeper;
    private final Duration commandTimeout;

    private volatile boolean running;
    private volatile boolean ready;
    private volatile Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public ConsultStartup(KafkaAdmin kafkaAdmin, CommandGateway gateway, ModelView models, ConsultationView view,
                          StreamsEngine engine, Sweeper sweeper, ConsultProperties properties) {
        this.kafkaAdmin = kafkaAdmin;
        this.gateway = gateway;
        this.models = models;
        this.view = view;
        this.engine = engine;
        this.sweeper = sweeper;
        this.commandTimeout = properties.commandTimeout();
    }

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
        Thread t = new Thread(this::run, "consult-startup");
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
                if (!gateway.listen() || !models.load() || !view.load()) {
                    return;
                }
                engine.start();
                sweeper.start();
                publishShippedModels();
                ready = true;
                log.info("consultation-service ready in {} ms", (System.nanoTime() - started) / 1_000_000);
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

    /** The example models shipped with the platform, published through the state machine like any other. */
    private void publishShippedModels() {
        for (ScoringModel model : ScoringModels.shipped()) {
            if (models.get(model.ref()) != null) {
                continue;
            }
            CommandResult result = gateway.send(new Command.PublishModel(UUID.randomUUID().toString(), model))
                    .block(commandTimeout.plusSeconds(1));
            if (result != null && result.outcome() == CommandResult.Outcome.CONFLICT) {
                log.warn("shipped model {} not published: {}", model.ref(), result.detail());
                continue;
            }
            models.await(model.ref(), commandTimeout).block();
        }
    }

    @Override
    public void stop() {
        running = false;
        ready = false;
        stopped.countDown();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        sweeper.destroy();
        engine.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

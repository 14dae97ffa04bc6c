package org.rdregistry.consult.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.consult.engine.Command;
import org.rdregistry.consult.engine.CommandResult;
import org.rdregistry.consult.kafka.ConsultTopics;
import org.rdregistry.service.kafka.TopicFollower;
import org.rdregistry.consult.problems.ProblemException;
import org.rdregistry.consult.problems.ProblemType;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * How an HTTP handler talks to the state machine: it writes a command (unique command id) to the commands topic and
 * waits for the result with that id. Every instance follows the whole results topic from its end (read_committed,
 * so only results of committed transactions) and completes the commands it is waiting for; the others' are
 * ignored. A command whose result does not come within {@code consult.command-timeout} is answered with 504 (it may
 * still be applied later; every command is safe to be applied once without its answer).
 */
@Component
public class CommandGateway implements DisposableBean {

    private final KafkaTemplate<String, String> template;
    private final String commandsTopic;
    private final Duration timeout;
    private final TopicFollower results;
    private final Map<String, Sinks.One<CommandResult>> waiting = new ConcurrentHashMap<>();

    public CommandGateway(KafkaTemplate<String, String> template, ConsumerFactory<?, ?> consumerFactory,
                          ConsultTopics topics, ConsultProperties properties) {
        this.template = template;
        this.commandsTopic = topics.commands();
        this.timeout = properties.commandTimeout();
        this.results = new TopicFollower(consumerFactory, "consult-results", topics.results(), TopicFollower.Start.END,
                true, this::onResult);
    }

    /** Starts following the results topic; returns once positioned at its end (false if stopped first). */
    public boolean listen() throws InterruptedException {
        results.start();
        return results.awaitCaughtUp();
    }

    private void onResult(ConsumerRecord<String, String> r) {
        if (r.key() == null || r.value() == null || Topics.CONSULT_SWEEP_KEY.equals(r.key())) {
            return;
        }
        Sinks.One<CommandResult> sink = waiting.remove(r.key());
        if (sink != null) {
            sink.tryEmitValue(RegistryJson.mapper().readValue(r.value(), CommandResult.class));
        }
    }

    /** Writes the command and completes with its result. */
    public Mono<CommandResult> send(Command command) {
        return Mono.defer(() -> {
            Sinks.One<CommandResult> sink = Sinks.one();
            // registered before the command is written: the result cannot overtake it
            waiting.put(command.commandId(), sink);
            String json = RegistryJson.mapper().writeValueAsString(command);
            return Mono.fromFuture(() -> template.send(commandsTopic, command.key(), json))
                    .subscribeOn(Schedulers.boundedElastic())   // send() may block for metadata
                    .then(sink.asMono())
                    .timeout(timeout)
                    .onErrorMap(e -> !(e instanceof ProblemException), CommandGateway::unavailable)
                    .doFinally(signal -> waiting.remove(command.commandId()));
        });
    }

    private static ProblemException unavailable(Throwable e) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        if (e instanceof TimeoutException) {
            // 504, not 503: a client may resend a 503 as "not received", but this command may still be applied
            return new ProblemException(ProblemType.OUTCOME_UNKNOWN, "the request was not answered in time; it may "
                    + "still take effect: check its state before sending it again", java.util.List.of(), headers);
        }
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "the consultation log is not reachable; retry later",
                java.util.List.of(), headers);
    }

    @Override
    public void destroy() {
        results.stop();
    }
}

package org.rdregistry.consult.api;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.consult.engine.Command;
import org.rdregistry.consult.engine.CommandResult;
import org.rdregistry.consult.engine.ConsultationRecord;
import org.rdregistry.consult.gateway.CommandGateway;
import org.rdregistry.consult.http.BodyReader;
import org.rdregistry.consult.http.JsonBodies;
import org.rdregistry.consult.problems.FieldProblem;
import org.rdregistry.consult.problems.ProblemException;
import org.rdregistry.consult.problems.ProblemType;
import org.rdregistry.consult.view.ConsultationView;
import org.rdregistry.consult.view.ModelView;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ConsultationVerifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The patient's endpoints (role {@code patient}; every one but the submission also needs the consultation's access
 * credential in {@value ApiSupport#CREDENTIAL_HEADER}). A wrong credential, an unknown and a purged consultation all
 * answer 404: existence is not revealed.
 */
@RestController
@RequestMapping("/api/v1/consultations")
public class PatientController {

    private final ApiSupport api;
    private final BodyReader bodies;
    private final CommandGateway gateway;
    private final ConsultationView view;
    private final ConsultationVerifier verifier;
    private final Clock clock;
    private final Duration viewWait;
    private final Duration heartbeat;

    public PatientController(ApiSupport api, BodyReader bodies, CommandGateway gateway, ConsultationView view,
                             ModelView models, JointKey jointKey, Clock clock, ConsultProperties properties) {
        this.api = api;
        this.bodies = bodies;
        this.gateway = gateway;
        this.view = view;
        this.verifier = new ConsultationVerifier(jointKey.publicKey(), models::get);
        this.clock = clock;
        this.viewWait = properties.commandTimeout();
        this.heartbeat = properties.sseHeartbeat();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Dtos.Created>> submit(ServerHttpRequest request) {
        return Mono.defer(() -> {
            api.requireReady();
            return bodies.read(request);
        })
                .publishOn(Schedulers.boundedElastic())   // proof verification takes milliseconds per feature
                .map(this::verified)
                .flatMap(submission -> {
                    String id = submission.consultationId();
                    String credential = ApiSupport.newCredential();
                    return gateway.send(new Command.Create(UUID.randomUUID().toString(), submission,
                                    ApiSupport.hash(credential)))
                            .flatMap(r -> {
                                if (r.outcome() != CommandResult.Outcome.CREATED) {
                                    return Mono.error(ApiSupport.refused(r));
                                }
                                return view.awaitRevision(id, r.revision(), viewWait)
                                        .thenReturn(ResponseEntity.status(HttpStatus.CREATED)
                                                .body(new Dtos.Created(id, credential, Status.SUBMITTED)));
                            });
                });
    }

    /** Decoded and completely verified, or a 400 problem naming every offending field; nothing is written. */
    private ConsultationSubmission verified(byte[] body) {
        ConsultationSubmission submission = JsonBodies.read(body, ConsultationSubmission.class);
        List<ConsultationVerifier.Problem> problems;
        try {
            problems = verifier.verify(submission);
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.INVALID_CONSULTATION, "the submission cannot be verified",
                    List.of(new FieldProblem("$", e.getClass().getSimpleName())));
        }
        if (!problems.isEmpty()) {
            List<FieldProblem> errors = problems.stream().map(p -> new FieldProblem(p.field(), p.reason())).toList();
            throw new ProblemException(ProblemType.INVALID_CONSULTATION, "the submission is invalid: "
                    + errors.get(0).field() + ": " + errors.get(0).reason()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
        return submission;
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Dtos.PatientView> get(@PathVariable String id,
                                      @RequestHeader(name = ApiSupport.CREDENTIAL_HEADER, required = false) String credential) {
        return Mono.fromSupplier(() -> Dtos.PatientView.of(owned(id, credential), clock.instant()));
    }

    /**
     * The consultation now and at each change as {@code status} events (id = revision, data = the GET body), with a
     * comment line every {@code consult.sse-heartbeat}; the stream ends when the consultation is purged.
     */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Dtos.PatientView>> events(@PathVariable String id,
            @RequestHeader(name = ApiSupport.CREDENTIAL_HEADER, required = false) String credential) {
        return Flux.defer(() -> {
            owned(id, credential);
            Flux<ServerSentEvent<Dtos.PatientView>> changes = view.stream(id)
                    .map(r -> Dtos.PatientView.of(r, clock.instant()))
                    .distinctUntilChanged()
                    .map(v -> ServerSentEvent.builder(v).event("status").build());
            Flux<ServerSentEvent<Dtos.PatientView>> heartbeats = Flux.interval(heartbeat, heartbeat)
                    .map(i -> ServerSentEvent.<Dtos.PatientView>builder().comment("heartbeat").build())
                    .takeUntilOther(view.stream(id).ignoreElements());
            return Flux.merge(changes, heartbeats);
        });
    }

    @PostMapping("/{id}/acknowledge")
    public Mono<ResponseEntity<Void>> acknowledge(@PathVariable String id,
            @RequestHeader(name = ApiSupport.CREDENTIAL_HEADER, required = false) String credential) {
        return finish(id, credential, true);
    }

    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> withdraw(@PathVariable String id,
            @RequestHeader(name = ApiSupport.CREDENTIAL_HEADER, required = false) String credential) {
        return finish(id, credential, false);
    }

    private Mono<ResponseEntity<Void>> finish(String id, String credential, boolean acknowledge) {
        return Mono.defer(() -> {
            owned(id, credential);
            String commandId = UUID.randomUUID().toString();
            String hash = ApiSupport.hash(credential);
            Command command = acknowledge ? new Command.Acknowledge(commandId, id, hash)
                    : new Command.Withdraw(commandId, id, hash);
            return gateway.send(command).flatMap(r -> r.outcome() == CommandResult.Outcome.OK
                    ? view.awaitGone(id, viewWait).thenReturn(ResponseEntity.noContent().<Void>build())
                    : Mono.error(ApiSupport.refused(r)));
        });
    }

    /** The consultation if the credential is its own; 404 otherwise (unknown, purged or wrong credential alike). */
    private ConsultationRecord owned(String id, String credential) {
        api.requireReady();
        ApiSupport.requireId(id);
        if (credential == null || credential.isBlank()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the " + ApiSupport.CREDENTIAL_HEADER
                    + " header is required", List.of(new FieldProblem(ApiSupport.CREDENTIAL_HEADER, "missing")));
        }
        ConsultationRecord r = view.get(id).orElse(null);
        if (r == null || !ApiSupport.matches(credential, r.credentialSha256())) {
            throw ApiSupport.notFound(id);
        }
        return r;
    }
}

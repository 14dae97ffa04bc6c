package org.rdregistry.consult.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.consult.engine.Command;
import org.rdregistry.consult.engine.CommandResult;
import org.rdregistry.consult.engine.ConsultationRecord;
import org.rdregistry.consult.engine.ExpertMaterial;
import org.rdregistry.consult.gateway.CommandGateway;
import org.rdregistry.consult.http.BodyReader;
import org.rdregistry.consult.http.JsonBodies;
import org.rdregistry.consult.problems.FieldProblem;
import org.rdregistry.consult.problems.ProblemException;
import org.rdregistry.consult.problems.ProblemType;
import org.rdregistry.consult.security.Caller;
import org.rdregistry.consult.view.ConsultationView;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.registry.consult.ConsultationCase.Lease;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * The expert's endpoints (role {@code expert}): the queue of a specialty in the token's {@code specialties}, the
 * exclusive claim, the lease holder's view of the case and the opinion. Another expert, or the holder of an expired
 * lease, is refused with 403.
 */
@RestController
public class ExpertController {

    private static final Pattern SPECIALTY = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final ApiSupport api;
    private final BodyReader bodies;
    private final CommandGateway gateway;
    private final ConsultationView view;
    private final JointKey jointKey;
    private final Clock clock;
    private final Duration viewWait;

    public ExpertController(ApiSupport api, BodyReader bodies, CommandGateway gateway, ConsultationView view,
                            JointKey jointKey, Clock clock, ConsultProperties properties) {
        this.api = api;
        this.bodies = bodies;
        this.gateway = gateway;
        this.view = view;
        this.jointKey = jointKey;
        this.clock = clock;
        this.viewWait = properties.commandTimeout();
    }

    /** OPEN cases of the specialty, and CLAIMED ones whose lease expired, oldest first. */
    @GetMapping(path = "/api/v1/queue", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<Dtos.QueueEntry>> queue(@RequestParam(name = "specialty", required = false) String specialty,
                                             @AuthenticationPrincipal Jwt jwt) {
        return Mono.fromSupplier(() -> {
            api.requireReady();
            if (specialty == null || !SPECIALTY.matcher(specialty).matches()) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "the specialty parameter is required",
                        List.of(new FieldProblem("specialty", "lower-case letters, digits and '-'")));
            }
            if (!Caller.of(jwt).hasSpecialty(specialty)) {
                throw new ProblemException(ProblemType.FORBIDDEN, "the token's specialties do not include " + specialty);
            }
            Instant now = clock.instant();
            return view.all().stream()
                    .filter(r -> r.specialty().equals(specialty) && r.claimable(now))
                    .sorted(Comparator.comparing(ConsultationRecord::submittedAt)
                            .thenComparing(ConsultationRecord::consultationId))
                    .map(r -> new Dtos.QueueEntry(r.consultationId(), r.specialty(), r.models(), r.submittedAt()))
                    .toList();
        });
    }

    @PostMapping(path = "/api/v1/consultations/{id}/claim", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Dtos.Claimed> claim(@PathVariable String id, ServerHttpRequest request, @AuthenticationPrincipal Jwt jwt) {
        return Mono.defer(() -> {
            api.requireReady();
            ApiSupport.requireId(id);
            Caller caller = Caller.of(jwt);
            return bodies.read(request).flatMap(body -> {
                Dtos.ClaimRequest claim = JsonBodies.read(body, Dtos.ClaimRequest.class);
                if (claim.expertKey() == null || claim.expertKey().group() != jointKey.group()
                        || claim.expertKey().point().isInfinity()) {
                    throw new ProblemException(ProblemType.BAD_REQUEST, "expertKey must be a public key on the "
                            + "registry's curve", List.of(new FieldProblem("expertKey", "missing or wrong curve")));
                }
                return gateway.send(new Command.Claim(UUID.randomUUID().toString(), id, caller.subject(),
                        caller.specialties(), claim.expertKey()));
            }).flatMap(r -> r.outcome() != CommandResult.Outcome.OK ? Mono.error(ApiSupport.refused(r))
                    : view.awaitRevision(id, r.revision(), viewWait).thenReturn(new Dtos.Claimed(r.leaseId(), r.until())));
        });
    }

    /**
     * The lease holder's view: the history blob and, once the trustees switched them ({@code ready}), the history
     * key and the scores under the expert's key.
     */
    @GetMapping(path = "/api/v1/consultations/{id}/expert-view", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Dtos.ExpertView> expertView(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        return Mono.fromSupplier(() -> {
            api.requireReady();
            ApiSupport.requireId(id);
            Caller caller = Caller.of(jwt);
            ConsultationRecord r = view.get(id).orElseThrow(() -> ApiSupport.notFound(id));
            Lease lease = r.lease();
            if (lease == null || !lease.expert().equals(caller.subject()) || !lease.activeAt(clock.instant())) {
                throw new ProblemException(ProblemType.FORBIDDEN, "only the holder of the current lease sees the case");
            }
            ExpertMaterial m = r.expert() != null && r.expert().leaseId().equals(lease.leaseId()) ? r.expert() : null;
            return new Dtos.ExpertView(r.consultationId(), lease.leaseId(), lease.until(), m != null, r.patientKey(),
                    r.history(), m == null ? null : m.historyKey(), m == null ? List.of() : m.scores());
        });
    }

    @PostMapping(path = "/api/v1/consultations/{id}/opinion", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Void>> opinion(@PathVariable String id, ServerHttpRequest request,
                                              @AuthenticationPrincipal Jwt jwt) {
        return Mono.defer(() -> {
            api.requireReady();
            ApiSupport.requireId(id);
            Caller caller = Caller.of(jwt);
            return bodies.read(request).flatMap(body -> {
                Dtos.OpinionRequest answer = JsonBodies.read(body, Dtos.OpinionRequest.class);
                SealedBox box = answer.opinion();
                if (answer.leaseId() == null || answer.leaseId().isBlank() || answer.leaseId().length() > 100) {
                    throw new ProblemException(ProblemType.BAD_REQUEST, "leaseId is required",
                            List.of(new FieldProblem("leaseId", "missing")));
                }
                if (box == null || !box.ephemeral().getCurve().equals(jointKey.group().curve())) {
                    throw new ProblemException(ProblemType.BAD_REQUEST, "opinion must be a sealed box on the "
                            + "registry's curve", List.of(new FieldProblem("opinion", "missing or wrong curve")));
                }
                return gateway.send(new Command.Answer(UUID.randomUUID().toString(), id, caller.subject(),
                        answer.leaseId(), box));
            }).flatMap(r -> r.outcome() != CommandResult.Outcome.OK ? Mono.error(ApiSupport.refused(r))
                    : view.awaitRevision(id, r.revision(), viewWait).thenReturn(ResponseEntity.accepted().<Void>build()));
        });
    }
}

package org.rdregistry.intake.records;

import java.util.List;
import java.util.Map;

import org.rdregistry.intake.problems.ProblemException;
import org.rdregistry.intake.problems.ProblemType;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/records} and {@code POST /api/v1/records/batch} (docs/api/intake.md). The body is
 * read here with a size limit rather than through a codec, so the exact bytes are decoded with the
 * registry mapper and every decoding failure names its JSON path.
 */
@RestController
@RequestMapping("/api/v1/records")
public class RecordsController {

    private final RecordIntake intake;
    private final BodyReader bodies;

    public RecordsController(RecordIntake intake, BodyReader bodies) {
        this.intake = intake;
        this.bodies = bodies;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<RecordIntake.Outcome>> submit(ServerHttpRequest request, @AuthenticationPrincipal Jwt jwt) {
        return Mono.defer(() -> {
            intake.requireReady();
            String hospital = hospital(jwt);
            return bodies.read(request)
                    .flatMap(body -> intake.submit(body, hospital, false))
                    // a replay is answered exactly like the first acceptance
                    .map(outcomes -> ResponseEntity.accepted()
                            .body(new RecordIntake.Outcome(outcomes.get(0).recordId(), RecordIntake.Outcome.ACCEPTED)));
        });
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, List<RecordIntake.Outcome>>>> submitBatch(ServerHttpRequest request,
            @AuthenticationPrincipal Jwt jwt) {
        return Mono.defer(() -> {
            intake.requireReady();
            String hospital = hospital(jwt);
            return bodies.read(request)
                    .flatMap(body -> intake.submit(body, hospital, true))
                    .map(outcomes -> ResponseEntity.accepted().body(Map.of("results", outcomes)));
        });
    }

    /** The hospital id is the token's subject, never anything in the body. */
    static String hospital(Jwt jwt) {
        if (jwt == null || jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "the token has no subject (hospital id)");
        }
        return jwt.getSubject();
    }
}

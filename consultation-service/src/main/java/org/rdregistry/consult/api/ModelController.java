package org.rdregistry.consult.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.consult.engine.Command;
import org.rdregistry.consult.engine.CommandResult;
import org.rdregistry.consult.gateway.CommandGateway;
import org.rdregistry.consult.http.BodyReader;
import org.rdregistry.consult.problems.FieldProblem;
import org.rdregistry.consult.problems.ProblemException;
import org.rdregistry.consult.problems.ProblemType;
import org.rdregistry.consult.security.Caller;
import org.rdregistry.consult.view.ModelView;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Published scoring models: listed and read by any authenticated caller, published by an expert of the model's
 * specialty. A reference ({@code id@version}) is published once: the same content again is 200, other content 409.
 */
@RestController
@RequestMapping("/api/v1/models")
public class ModelController {

    private final ApiSupport api;
    private final BodyReader bodies;
    private final CommandGateway gateway;
    private final ModelView models;
    private final Duration viewWait;

    public ModelController(ApiSupport api, BodyReader bodies, CommandGateway gateway, ModelView models,
                           ConsultProperties properties) {
        this.api = api;
        this.bodies = bodies;
        this.gateway = gateway;
        this.models = models;
        this.viewWait = properties.commandTimeout();
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<ScoringModel>> list() {
        return Mono.fromSupplier(() -> {
            api.requireReady();
            return models.all();
        });
    }

    @GetMapping(path = "/{ref}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ScoringModel> get(@PathVariable String ref) {
        return Mono.fromSupplier(() -> {
            api.requireReady();
            ModelRef parsed = parseRef(ref);
            return models.find(parsed).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "no published model " + parsed));
        });
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<ScoringModel>> publish(ServerHttpRequest request, @AuthenticationPrincipal Jwt jwt) {
        return Mono.defer(() -> {
            api.requireReady();
            Caller caller = Caller.of(jwt);
            return bodies.read(request).flatMap(body -> {
                ScoringModel model = validated(body);
                if (!caller.hasSpecialty(model.specialty())) {
                    throw new ProblemException(ProblemType.FORBIDDEN, "only an expert of " + model.specialty()
                            + " publishes its models");
                }
                return gateway.send(new Command.PublishModel(UUID.randomUUID().toString(), model))
                        .flatMap(r -> {
                            if (r.outcome() == CommandResult.Outcome.CREATED) {
                                return models.await(model.ref(), viewWait).thenReturn(ResponseEntity
                                        .created(URI.create("/api/v1/models/" + model.ref())).body(model));
                            }
                            if (r.outcome() == CommandResult.Outcome.OK) {
                                return Mono.just(ResponseEntity.ok(model));
                            }
                            return Mono.error(ApiSupport.refused(r));
                        });
            });
        });
    }

    /** A valid model whose published test vectors give their published points. */
    private static ScoringModel validated(byte[] body) {
        ScoringModel model;
        try {
            model = ScoringModels.parse(body);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_MODEL, e.getMessage(),
                    List.of(new FieldProblem("$", e.getMessage())));
        }
        for (int i = 0; i < model.testVectors().size(); i++) {
            ScoringModel.TestVector v = model.testVectors().get(i);
            String field = "testVectors[" + i + "]";
            int points;
            try {
                points = model.points(v.answers());
            } catch (IllegalArgumentException e) {
                throw new ProblemException(ProblemType.INVALID_MODEL, field + ": " + e.getMessage(),
                        List.of(new FieldProblem(field + ".answers", e.getMessage())));
            }
            if (points != v.points()) {
                throw new ProblemException(ProblemType.INVALID_MODEL, field + ": the answers give " + points
                        + " points, not " + v.points(), List.of(new FieldProblem(field + ".points", "does not match")));
            }
        }
        return model;
    }

    private static ModelRef parseRef(String ref) {
        try {
            return ModelRef.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "not a model reference",
                    List.of(new FieldProblem("ref", "must look like cha2ds2-vasc@1")));
        }
    }
}

package org.rdregistry.stats.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.stats.StatsStartup;
import org.rdregistry.stats.config.StatsProperties;
import org.rdregistry.stats.problems.FieldProblem;
import org.rdregistry.stats.problems.ProblemException;
import org.rdregistry.stats.problems.ProblemType;
import org.rdregistry.stats.view.ReleaseView;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The research API (role {@code researcher}): released cohorts, their latest statistics, a live event
 * stream of new releases, and each release's verification record. Everything is served from the
 * releases topic's view; a cohort without a release is answered exactly like an unknown one.
 */
@RestController
public class CohortController {

    private static final Pattern RELEASE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final ReleaseView view;
    private final StatsMapper mapper;
    private final StatsStartup startup;
    private final Duration heartbeat;

    public CohortController(ReleaseView view, StatsMapper mapper, StatsStartup startup, StatsProperties properties) {
        this.view = view;
        this.mapper = mapper;
        this.startup = startup;
        this.heartbeat = properties.sse().heartbeat();
    }

    @GetMapping(path = "/api/v1/cohorts", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<CohortSummary.Listing> cohorts() {
        return Mono.fromSupplier(() -> {
            requireReady();
            List<CohortSummary> cohorts = view.latestByCohort().values().stream()
                    .map(p -> mapper.summary(p.release()))
                    .sorted(Comparator.comparingLong((CohortSummary c) -> orphaNumber(c.orphaCode()))
                            .thenComparing(CohortSummary::orphaCode))
                    .toList();
            return new CohortSummary.Listing(cohorts);
        });
    }

    @GetMapping(path = "/api/v1/cohorts/{orphaCode}/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<CohortStats> stats(@PathVariable String orphaCode) {
        return Mono.fromSupplier(() -> {
            requireCohort(orphaCode);
            return view.latest(orphaCode).map(p -> mapper.stats(p.release())).orElseThrow(() -> noRelease(orphaCode));
        });
    }

    /**
     * The latest release on connect, then every newer one in order, as {@code release} events (id = release
     * id, data = the same JSON as the stats endpoint), with a comment line every {@code stats.sse.heartbeat}.
     */
    @GetMapping(path = "/api/v1/cohorts/{orphaCode}/stats/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<CohortStats>> stream(@PathVariable String orphaCode) {
        return Flux.defer(() -> {
            requireCohort(orphaCode);
            if (view.latest(orphaCode).isEmpty()) {
                throw noRelease(orphaCode);
            }
            Flux<ServerSentEvent<CohortStats>> releases = view.stream(orphaCode)
                    .map(p -> ServerSentEvent.builder(mapper.stats(p.release())).id(p.release().releaseId())
                            .event("release").build());
            Flux<ServerSentEvent<CohortStats>> heartbeats = Flux.interval(heartbeat, heartbeat)
                    .map(i -> ServerSentEvent.<CohortStats>builder().comment("heartbeat").build());
            return Flux.merge(releases, heartbeats);
        });
    }

    /** The full {@code Release} exactly as published on the releases topic: its own verification record. */
    @GetMapping(path = "/api/v1/releases/{id}/verification", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> verification(@PathVariable String id) {
        return Mono.fromCallable(() -> {
            requireReady();
            if (!RELEASE_ID.matcher(id).matches()) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "not a release id",
                        List.of(new FieldProblem("id", "must be 1 to 100 letters, digits, '-' or '_'")));
            }
            String json = view.releaseJson(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "no release " + id));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(json.getBytes(StandardCharsets.UTF_8));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private void requireCohort(String orphaCode) {
        if (!RecordSubmission.COHORT.matcher(orphaCode).matches()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "not an ORPHA code",
                    List.of(new FieldProblem("orphaCode", "must be an ORPHA code like ORPHA:558")));
        }
        requireReady();
    }

    private void requireReady() {
        if (!startup.ready()) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "5");
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    "the release view is still loading; retry later", List.of(), headers);
        }
    }

    private static ProblemException noRelease(String orphaCode) {
        return new ProblemException(ProblemType.NOT_FOUND, "no release of cohort " + orphaCode);
    }

    private static long orphaNumber(String code) {
        return RecordSubmission.COHORT.matcher(code).matches() ? Long.parseLong(code.substring("ORPHA:".length()))
                : Long.MAX_VALUE;
    }
}

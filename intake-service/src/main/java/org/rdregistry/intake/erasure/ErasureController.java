package org.rdregistry.intake.erasure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rdregistry.intake.kafka.RecordIndex;
import org.rdregistry.intake.kafka.RecordWriter;
import org.rdregistry.intake.problems.FieldProblem;
import org.rdregistry.intake.problems.ProblemException;
import org.rdregistry.intake.problems.ProblemType;
import org.rdregistry.intake.records.IntakeMetrics;
import org.rdregistry.intake.records.RecordIntake;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.topics.Topics;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code DELETE /api/v1/patients/{pseudonym}/cohorts/{orphaCode}}: GDPR erasure of one patient from
 * one cohort. Writes, in one transaction, a tombstone for the records-topic key (the aggregator then
 * subtracts the patient's last contribution) and tombstones for the index entries of the records
 * accepted under that key, so no trace of the pseudonym is kept by intake either. Always 202 when
 * written, whether or not the patient was known (reveals nothing).
 */
@RestController
public class ErasureController {

    private final RecordIndex index;
    private final RecordWriter writer;
    private final RecordIntake intake;
    private final IntakeMetrics metrics;

    public ErasureController(RecordIndex index, RecordWriter writer, RecordIntake intake, IntakeMetrics metrics) {
        this.index = index;
        this.writer = writer;
        this.intake = intake;
        this.metrics = metrics;
    }

    @DeleteMapping("/api/v1/patients/{pseudonym}/cohorts/{orphaCode}")
    public Mono<ResponseEntity<Map<String, String>>> erase(@PathVariable String pseudonym, @PathVariable String orphaCode) {
        return Mono.defer(() -> {
            List<FieldProblem> problems = new ArrayList<>();
            if (!RecordSubmission.PSEUDONYM.matcher(pseudonym).matches()) {
                problems.add(new FieldProblem("pseudonym", "must be 43 base64url characters"));
            }
            if (!RecordSubmission.COHORT.matcher(orphaCode).matches()) {
                problems.add(new FieldProblem("orphaCode", "must be an ORPHA code like ORPHA:558"));
            }
            if (!problems.isEmpty()) {
                return Mono.error(new ProblemException(ProblemType.BAD_REQUEST, "not a valid patient or cohort", problems));
            }
            intake.requireReady();
            String key = Topics.recordKey(pseudonym, orphaCode);
            return Mono.fromRunnable(() -> {
                writer.erase(key);
                metrics.erased();
            }).subscribeOn(Schedulers.boundedElastic())
                    .thenReturn(ResponseEntity.accepted().body(Map.of("status", "erased")));
        });
    }
}

package org.rdregistry.intake.records;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

import org.rdregistry.intake.IntakeProperties;
import org.rdregistry.intake.kafka.IndexEntry;
import org.rdregistry.intake.kafka.RecordIndex;
import org.rdregistry.intake.kafka.RecordWriter;
import org.rdregistry.intake.problems.FieldProblem;
import org.rdregistry.intake.problems.ProblemException;
import org.rdregistry.intake.problems.ProblemType;
import org.rdregistry.registry.events.RecordEvent;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.RecordVerifier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The submission pipeline: decode (400/422), idempotency check (409 / duplicate), structure and
 * batched proof verification (422), then one Kafka transaction for all new records and their index
 * entries. Decoding and verification run on the CPU-bound verify scheduler, the write on
 * boundedElastic (it blocks until the commit); the event loop only moves bytes.
 */
@Service
public class RecordIntake {

    /** What happened to one submitted record. */
    public record Outcome(String recordId, String status) {
        static final String ACCEPTED = "accepted";
        static final String DUPLICATE = "duplicate";
    }

    private enum Decision { NEW, DUPLICATE }

    private final RecordIndex index;
    private final RecordWriter writer;
    private final RecordVerifier verifier;
    private final IntakeMetrics metrics;
    private final Scheduler verifyScheduler;
    private final int maxBatch;
    private final SubmissionReader reader = new SubmissionReader();
    private final IdLocks locks = new IdLocks(256);
    private final Clock clock = Clock.systemUTC();

    public RecordIntake(RecordIndex index, RecordWriter writer, RecordVerifier verifier, IntakeMetrics metrics,
            @Qualifier("verifyScheduler") Scheduler verifyScheduler, IntakeProperties properties) {
        this.index = index;
        this.writer = writer;
        this.verifier = verifier;
        this.metrics = metrics;
        this.verifyScheduler = verifyScheduler;
        this.maxBatch = properties.maxBatch();
    }

    /** 503 until the idempotency index is loaded: without it replays could not be recognised. */
    public void requireReady() {
        if (!index.ready()) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    "the record index is not loaded (event store unreachable or starting); retry later", List.of(), retryAfter());
        }
    }

    /** One record ({@code batch = false}) or a batch body; all-or-nothing. */
    public Mono<List<Outcome>> submit(byte[] body, String hospitalId, boolean batch) {
        return Mono.fromCallable(() -> prepare(body, hospitalId, batch))
                .subscribeOn(verifyScheduler)
                .publishOn(Schedulers.boundedElastic())
                .map(prepared -> commit(prepared, hospitalId, batch))
                .onErrorMap(RejectedExecutionException.class, e -> new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                        "too many submissions in progress; retry later", List.of(), retryAfter()));
    }

    private static HttpHeaders retryAfter() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return headers;
    }

    /** Decoded records and which of them had their proofs verified. */
    private record Prepared(List<ParsedSubmission> parsed, Set<Integer> verified) {
    }

    private Prepared prepare(byte[] body, String hospitalId, boolean batch) {
        List<ParsedSubmission> parsed = batch ? reader.readBatch(body, maxBatch) : List.of(reader.readOne(body));
        List<Decision> decisions = decide(parsed, hospitalId, batch);
        // replays write nothing, so only new records are verified
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            if (decisions.get(i) == Decision.NEW) {
                fresh.add(i);
            }
        }
        verify(parsed, fresh, batch);
        return new Prepared(parsed, Set.copyOf(fresh));
    }

    /** Verifies the records at {@code indexes}; 422 naming every bad field, and nothing written, if any is invalid. */
    private void verify(List<ParsedSubmission> parsed, List<Integer> indexes, boolean batch) {
        if (indexes.isEmpty()) {
            return;
        }
        List<RecordSubmission> toVerify = indexes.stream().map(i -> parsed.get(i).submission()).toList();
        List<RecordVerifier.Problem> problems = metrics.timeVerification(() -> verifier.verifyAll(toVerify));
        if (!problems.isEmpty()) {
            List<FieldProblem> errors = problems.stream()
                    .map(p -> new FieldProblem(prefix(batch, indexes.get(p.recordIndex())) + SubmissionReader.fieldPath(p.field()),
                            p.reason()))
                    .toList();
            long records = problems.stream().mapToInt(RecordVerifier.Problem::recordIndex).distinct().count();
            String detail = batch ? records + " of " + parsed.size() + " records are invalid; nothing was written"
                    : "the record does not fit the schema or a proof does not verify";
            throw new ProblemException(ProblemType.INVALID_RECORD, detail, errors);
        }
    }

    /**
     * The records that are to be written but were not verified: a record that was a replay when it was
     * decoded can be new under the lock (a concurrent update or erasure of the patient dropped its id
     * from the index meanwhile). Every record intake writes, and attests, has had its proofs verified.
     */
    static List<Integer> unverifiedNew(List<Boolean> isNew, Set<Integer> verified) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < isNew.size(); i++) {
            if (isNew.get(i) && !verified.contains(i)) {
                missing.add(i);
            }
        }
        return missing;
    }

    private List<Outcome> commit(Prepared prepared, String hospitalId, boolean batch) {
        List<ParsedSubmission> parsed = prepared.parsed();
        try (IdLocks.Held held = locks.lock(parsed.stream().map(p -> p.submission().recordId()).toList())) {
            // again under the lock: a concurrent request may have written one of these ids meanwhile
            List<Decision> decisions = decide(parsed, hospitalId, batch);
            verify(parsed, unverifiedNew(decisions.stream().map(d -> d == Decision.NEW).toList(), prepared.verified()),
                    batch);
            long now = clock.millis();
            List<RecordWriter.Write> writes = new ArrayList<>();
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                RecordSubmission s = parsed.get(i).submission();
                if (decisions.get(i) == Decision.NEW) {
                    String event = RegistryJson.mapper().writeValueAsString(new RecordEvent(hospitalId, now, s));
                    writes.add(new RecordWriter.Write(s.recordId(), s.key(), event,
                            entry(s, hospitalId)));
                    outcomes.add(new Outcome(s.recordId(), Outcome.ACCEPTED));
                } else {
                    outcomes.add(new Outcome(s.recordId(), Outcome.DUPLICATE));
                }
            }
            writer.write(writes);
            metrics.accepted(writes.size());
            metrics.duplicate(parsed.size() - writes.size());
            return outcomes;
        }
    }

    /** New or duplicate for each record; 409 naming every record id reused for other content. */
    private List<Decision> decide(List<ParsedSubmission> parsed, String hospitalId, boolean batch) {
        Map<String, IndexEntry> earlierInBatch = new HashMap<>();
        List<Decision> decisions = new ArrayList<>(parsed.size());
        List<FieldProblem> conflicts = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            RecordSubmission s = parsed.get(i).submission();
            String id = s.recordId();
            IndexEntry candidate = entry(s, hospitalId);
            IndexEntry before = index.get(id).orElse(null);
            IndexEntry known = before != null ? before : earlierInBatch.get(id);
            if (known == null) {
                decisions.add(Decision.NEW);
                earlierInBatch.put(id, candidate);
            } else if (known.equals(candidate)) {
                decisions.add(Decision.DUPLICATE);
            } else {
                decisions.add(null);
                conflicts.add(new FieldProblem(prefix(batch, i) + "recordId", "record id " + id
                        + (before != null ? " was accepted before for another patient, content or hospital"
                                : " appears earlier in this batch for another patient or content")));
            }
        }
        if (!conflicts.isEmpty()) {
            String detail = batch ? conflicts.size() + " record id(s) reused for other content; nothing was written"
                    : conflicts.get(0).reason();
            throw new ProblemException(ProblemType.RECORD_CONFLICT, detail, conflicts);
        }
        return decisions;
    }

    private static IndexEntry entry(RecordSubmission s, String hospitalId) {
        return new IndexEntry(s.key(), s.contentDigest(), hospitalId);
    }

    private static String prefix(boolean batch, int i) {
        return batch ? "records[" + i + "]." : "";
    }
}

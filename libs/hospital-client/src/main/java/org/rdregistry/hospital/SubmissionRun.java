package org.rdregistry.hospital;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.hospital.http.BatchResponse;
import org.rdregistry.hospital.http.Problem;
import org.rdregistry.hospital.http.RecordResult;
import org.rdregistry.hospital.http.RegistryClient;
import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.hospital.mapping.MappedRow;
import org.rdregistry.hospital.mapping.RowProblem;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.record.InvalidRecordException;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * One submission: encrypts the good rows on a thread pool, a bounded window ahead of the poster (so a
 * large file never sits in memory as ciphertexts), and posts them in batches in file order.
 *
 * <p>Intake answers a batch all-or-nothing. When it refuses a batch naming some records
 * ({@code records[i].field}), those records are set aside and the rest of the batch is posted again:
 * a 422 record is reported as a bad row; a 409 record (its id was accepted before with another body)
 * counts as a duplicate, because the id is a keyed digest of the content: the same content was
 * accepted before, only its encryption (which is randomised) differs. Unavailability and refused
 * tokens abort the run; what was not sent is reported and a re-run completes it.
 */
final class SubmissionRun {

    private record Encrypted(MappedRow row, RecordSubmission submission) {
    }

    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort(String message) {
            super(message, null, false, false);
        }
    }

    private final RegistryClient client;
    private final RecordEncryptor encryptor;
    private final HospitalSubmitter.Options options;
    private final Progress.Listener listener;
    private final int rows;
    private final List<MappedRow> good;
    private final List<RowProblem> problems;
    private final Set<Integer> badRowNumbers = new HashSet<>();
    private final List<SubmissionReport.FailedBatch> failed = new ArrayList<>();
    private int accepted;
    private int duplicates;
    private int encrypted;
    private int sent;

    SubmissionRun(RegistryClient client, RegistrySchema schema, PublicKey key, HospitalSubmitter.Options options,
                  Progress.Listener listener, int rows, List<MappedRow> good, List<RowProblem> problems) {
        this.client = client;
        this.encryptor = new RecordEncryptor(schema, key);
        this.options = options;
        this.listener = listener;
        this.rows = rows;
        this.good = good;
        this.problems = new ArrayList<>(problems);
        problems.forEach(p -> badRowNumbers.add(p.rowNumber()));
    }

    SubmissionReport run() {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), r -> {
            Thread t = new Thread(r, "registry-encrypt-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Encrypted>> inflight = new ArrayDeque<>();
        int window = Math.max(2 * options.batchSize(), 2 * options.parallelism());
        int next = 0;
        String abortReason = null;
        progress();
        try {
            while (next < good.size() || !inflight.isEmpty()) {
                List<Encrypted> batch = new ArrayList<>();
                while (batch.size() < options.batchSize() && (next < good.size() || !inflight.isEmpty())) {
                    while (inflight.size() < window && next < good.size()) {
                        MappedRow row = good.get(next++);
                        inflight.add(pool.submit(() -> new Encrypted(row,
                                encryptor.encrypt(row.ids().recordId(), row.ids().contentDigest(), row.record()))));
                    }
                    batch.add(take(inflight.poll()));
                    encrypted++;
                    progress();
                }
                try {
                    post(batch);
                } catch (Abort a) {
                    abortReason = a.getMessage();
                    break;
                }
                progress();
            }
        } finally {
            inflight.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
        // every good row that got an answer (accepted, duplicate, refused, failed batch) counts as sent
        return new SubmissionReport(rows, accepted, duplicates, problems, failed, good.size() - sent, abortReason);
    }

    /** The encrypted record; a refusal by the encryptor is a mapping bug, so it stops the run. */
    private Encrypted take(Future<Encrypted> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubmissionException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidRecordException ire) {
                // the mapper checks everything the encryptor does, so this is a schema/mapping mismatch
                throw new SubmissionException("record encryption refused field " + ire.field() + ": " + ire.reason(), ire);
            }
            throw new SubmissionException("encryption failed: " + e.getCause(), e.getCause());
        }
    }

    private void post(List<Encrypted> batch) {
        List<Encrypted> pending = batch;
        while (!pending.isEmpty()) {
            try {
                BatchResponse response = client.submitBatch(pending.stream().map(Encrypted::submission).toList());
                count(pending, response);
                return;
            } catch (RegistryHttpException e) {
                if (e.unauthorised() || e.unavailable() || e.status() == 404) {
                    throw new Abort(e.getMessage());
                }
                List<Encrypted> rest = setAside(pending, e);
                if (rest.size() == pending.size()) {
                    failed.add(new SubmissionReport.FailedBatch(
                            pending.stream().map(x -> x.row().rowNumber()).toList(), e.getMessage()));
                    sent += pending.size();
                    return;
                }
                pending = rest;
            }
        }
    }

    private void count(List<Encrypted> pending, BatchResponse response) {
        Map<String, RecordResult> byId = new HashMap<>();
        response.results().forEach(r -> byId.put(r.recordId(), r));
        List<Integer> unanswered = new ArrayList<>();
        for (Encrypted e : pending) {
            RecordResult r = byId.get(e.submission().recordId());
            if (r != null && r.accepted()) {
                accepted++;
            } else if (r != null && r.duplicate()) {
                duplicates++;
            } else {
                unanswered.add(e.row().rowNumber());
            }
        }
        if (!unanswered.isEmpty()) {
            failed.add(new SubmissionReport.FailedBatch(unanswered, "the registry's answer did not confirm these records"));
        }
        sent += pending.size();
    }

    /** Takes the records a 409/422 problem names out of the batch (counting them) and returns the rest. */
    private List<Encrypted> setAside(List<Encrypted> pending, RegistryHttpException e) {
        if ((e.status() != 409 && e.status() != 422) || e.problem().isEmpty()) {
            return pending;
        }
        Problem problem = e.problem().get();
        Map<Integer, List<Problem.FieldError>> named = new HashMap<>();
        for (Problem.FieldError err : problem.errors()) {
            err.recordIndex().filter(i -> i < pending.size())
                    .ifPresent(i -> named.computeIfAbsent(i, k -> new ArrayList<>()).add(err));
        }
        if (named.isEmpty() && e.status() == 409 && problem.detail() != null) {
            for (int i = 0; i < pending.size(); i++) {
                if (problem.detail().contains(pending.get(i).submission().recordId())) {
                    named.put(i, List.of());
                }
            }
        }
        List<Encrypted> rest = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            List<Problem.FieldError> errors = named.get(i);
            if (errors == null) {
                rest.add(pending.get(i));
                continue;
            }
            sent++;
            if (e.status() == 409) {
                duplicates++;
            } else {
                int row = pending.get(i).row().rowNumber();
                badRowNumbers.add(row);
                for (Problem.FieldError err : errors) {
                    problems.add(new RowProblem(row, null, "refused by the registry: " + err.recordField() + ": " + err.reason()));
                }
            }
        }
        return rest;
    }

    private void progress() {
        listener.update(new Progress(good.size(), encrypted, sent, badRowNumbers.size()));
    }
}

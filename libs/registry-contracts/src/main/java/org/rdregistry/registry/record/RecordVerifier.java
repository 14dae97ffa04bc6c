package org.rdregistry.registry.record;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.msm.MultiScalarMultiplication.Parallelism;
import org.rdregistry.crypto.proof.BatchResult;
import org.rdregistry.crypto.proof.BatchVerifier;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.registry.events.EncryptedValue;
import org.rdregistry.registry.events.RecordCiphertexts;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * Checks submitted records: structure against the schema, then every proof of every record of the
 * batch in one batched verification (crypto spec §3.5). Used by intake, by the aggregator and by each
 * trustee. Thread-safe (a verifier per call).
 */
public final class RecordVerifier {

    /** One problem with one field of one record of a batch; carries no plaintext (there is none). */
    public record Problem(int recordIndex, String field, String reason) {
    }

    private final RegistrySchema schema;
    private final PublicKey registryKey;
    private final Parallelism parallelism;

    public RecordVerifier(RegistrySchema schema, PublicKey registryKey) {
        this(schema, registryKey, Parallelism.SEQUENTIAL);
    }

    public RecordVerifier(RegistrySchema schema, PublicKey registryKey, Parallelism parallelism) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.registryKey = Objects.requireNonNull(registryKey, "registryKey");
        this.parallelism = parallelism;
    }

    /** Problems of one record; empty if it is valid. */
    public List<Problem> verify(RecordSubmission submission) {
        return verifyAll(List.of(submission));
    }

    /**
     * Problems of one record's structure only (schema version, ids, field set, cell and bit counts),
     * without its proofs: for a reader that trusts another party's proof verification (the aggregator
     * with intake's attestation) but still needs a record it can aggregate.
     */
    public List<Problem> verifyStructure(RecordSubmission submission) {
        return structure(0, RecordCiphertexts.of(submission));
    }

    /** {@link #verifyStructure(RecordSubmission)} of a record read without its proofs. */
    public List<Problem> verifyStructure(RecordCiphertexts record) {
        return structure(0, record);
    }

    /** Problems of every record of a batch, by index; empty if all are valid. */
    public List<Problem> verifyAll(List<RecordSubmission> batch) {
        List<Problem> problems = new ArrayList<>();
        BatchVerifier verifier = new BatchVerifier(registryKey.group(), parallelism);
        List<int[]> itemToRecord = new ArrayList<>();
        List<String> itemToField = new ArrayList<>();
        for (int r = 0; r < batch.size(); r++) {
            RecordSubmission s = batch.get(r);
            List<Problem> structural = structure(r, RecordCiphertexts.of(s));
            if (!structural.isEmpty()) {
                problems.addAll(structural);
                continue;
            }
            ProofContext base = ProofContexts.record(registryKey, schema.version(), s.recordId());
            for (FieldSpec spec : schema.fields()) {
                EncryptedValue value = s.fields().get(spec.name());
                if (spec instanceof FieldSpec.Categorical c) {
                    verifier.add(((EncryptedValue.Categorical) value).oneHot(), registryKey,
                            ProofContexts.field(base, c.name()), c.categories().size());
                    itemToRecord.add(new int[] {r});
                    itemToField.add(c.name());
                } else if (spec instanceof FieldSpec.Integer i) {
                    EncryptedValue.Integer iv = (EncryptedValue.Integer) value;
                    verifier.add(iv.value(), registryKey, ProofContexts.field(base, i.name()), i.bound());
                    itemToRecord.add(new int[] {r});
                    itemToField.add(i.name());
                    if (i.squares()) {
                        // The square proof's statement is the value ciphertext derived from the range
                        // proof's bits, so the square is bound to the value that was range-proven.
                        verifier.add(iv.square(), registryKey, ProofContexts.square(base, i.name()), iv.value(), i.bound());
                        itemToRecord.add(new int[] {r});
                        itemToField.add(i.name() + ".square");
                    }
                }
            }
        }
        if (verifier.size() > 0) {
            BatchResult result = verifier.verify();
            for (BatchResult.Failure f : result.failures()) {
                problems.add(new Problem(itemToRecord.get(f.index())[0], itemToField.get(f.index()),
                        "proof invalid (check " + f.result().check() + ")"));
            }
        }
        problems.sort(java.util.Comparator.comparingInt(Problem::recordIndex));
        return problems;
    }

    private List<Problem> structure(int r, RecordCiphertexts s) {
        List<Problem> p = new ArrayList<>();
        if (!schema.version().equals(s.schemaVersion())) {
            p.add(new Problem(r, "schemaVersion", "expected " + schema.version()));
            return p;
        }
        if (!RecordSubmission.ID.matcher(s.recordId()).matches()) {
            p.add(new Problem(r, "recordId", "must be 16-64 characters [A-Za-z0-9_-]"));
        }
        if (!RecordSubmission.PSEUDONYM.matcher(s.pseudonym()).matches()) {
            p.add(new Problem(r, "pseudonym", "must be 43 base64url characters"));
        }
        if (!RecordSubmission.COHORT.matcher(s.cohort()).matches()) {
            p.add(new Problem(r, "cohort", "must be an ORPHA code like ORPHA:558"));
        }
        if (!RecordSubmission.ID.matcher(s.contentDigest()).matches()) {
            p.add(new Problem(r, "contentDigest", "must be 16-64 characters [A-Za-z0-9_-]"));
        }
        Set<String> expected = new HashSet<>(schema.byName().keySet());
        for (String name : s.fields().keySet()) {
            if (!expected.contains(name)) {
                p.add(new Problem(r, name, "not a field of schema " + schema.version()));
            }
        }
        for (FieldSpec spec : schema.fields()) {
            RecordCiphertexts.Field v = s.fields().get(spec.name());
            if (v == null) {
                p.add(new Problem(r, spec.name(), "missing"));
            } else if (spec instanceof FieldSpec.Categorical c) {
                if (!(v instanceof RecordCiphertexts.Field.Categorical cv)) {
                    p.add(new Problem(r, spec.name(), "must be categorical"));
                } else if (cv.cells().size() != c.categories().size()) {
                    p.add(new Problem(r, spec.name(), "must have " + c.categories().size() + " cells"));
                }
            } else if (spec instanceof FieldSpec.Integer i) {
                if (!(v instanceof RecordCiphertexts.Field.Integer iv)) {
                    p.add(new Problem(r, spec.name(), "must be integer"));
                } else {
                    if (iv.bits().size() != RangeProof.bitCount(i.bound())) {
                        p.add(new Problem(r, spec.name(), "must have " + RangeProof.bitCount(i.bound()) + " bits"));
                    }
                    if (i.squares() != (iv.square() != null)) {
                        p.add(new Problem(r, spec.name(), i.squares() ? "square missing" : "unexpected square"));
                    }
                }
            }
        }
        return p;
    }
}

package org.rdregistry.compute.aggregator;

import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.IntakeAttestation;
import org.rdregistry.registry.events.RecordCiphertexts;
import org.rdregistry.registry.events.RecordEvent;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * The aggregation rules, free of Kafka: given a records-topic entry (key, raw value) and the stored
 * latest record of that key, decide what happens. The aggregator's topology applies them; a trustee
 * recomputing an aggregate from the log applies the same rules and so reaches the same ciphertexts.
 *
 * <ul>
 *   <li>value {@code null} (GDPR erasure): subtract the stored record, forget the key; nothing if
 *       nothing is stored;</li>
 *   <li>unparseable value, or a submission whose {@code <pseudonym>/<cohort>} is not the key: dropped;</li>
 *   <li>the stored record's id again: a resubmission of the same content (the id derives from the
 *       content digest), dropped without verifying it again;</li>
 *   <li>otherwise the record's proofs are verified; invalid: dropped and the stored record stays in
 *       force; valid: its contribution replaces the stored one (delta = new - old). Only rules made
 *       with {@link #trustingIntake} skip the proofs (not the structure) of an entry that carries a
 *       valid {@link IntakeAttestation}: intake verified them already, so such an entry is read
 *       without decoding its proofs at all ({@link RecordCiphertexts#readEvent}). The trustees' rules
 *       never do.</li>
 * </ul>
 * Latest wins in log order: re-sending an older version after an update makes it the latest again.
 *
 * <p>Thread-safe.
 */
public final class RecordRules {

    private static final LongConsumer NO_TIMING = nanos -> { };

    private final RegistrySchema schema;
    private final GroupContext group;
    private final RecordVerifier verifier;
    private final IntakeAttestation intakeAttestation;

    /** Rules that verify every record's proofs themselves. */
    public RecordRules(RegistrySchema schema, PublicKey registryKey) {
        this(schema, registryKey, null);
    }

    private RecordRules(RegistrySchema schema, PublicKey registryKey, IntakeAttestation intakeAttestation) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.group = registryKey.group();
        this.verifier = new RecordVerifier(schema, registryKey);
        this.intakeAttestation = intakeAttestation;
    }

    /**
     * Rules that accept intake's attestation instead of verifying the proofs a second time (the
     * aggregator's option {@code compute.aggregator.intake-attestation-key-file}); never for a trustee.
     */
    public static RecordRules trustingIntake(RegistrySchema schema, PublicKey registryKey, IntakeAttestation attestation) {
        return new RecordRules(schema, registryKey, Objects.requireNonNull(attestation, "attestation"));
    }

    /** Whether these rules accept intake's attestations. */
    public boolean trustsIntake() {
        return intakeAttestation != null;
    }

    public RegistrySchema schema() {
        return schema;
    }

    public GroupContext group() {
        return group;
    }

    /** The aggregate of no records of {@code cohort}. */
    public CohortAggregate empty(String cohort) {
        return CohortAggregate.empty(schema, group, cohort);
    }

    public Outcome decide(String key, byte[] value, LatestRecord stored) {
        return decide(null, key, value, null, stored, NO_TIMING);
    }

    /**
     * @param topic the topic the entry was read from (part of what an attestation covers)
     * @param attestation the entry's {@link IntakeAttestation#HEADER} header value, or null; ignored
     *     unless these rules {@link #trustsIntake() trust intake}
     * @param verificationNanos told how long proof verification took, when it ran
     */
    public Outcome decide(String topic, String key, byte[] value, byte[] attestation, LatestRecord stored,
                          LongConsumer verificationNanos) {
        if (key == null) {
            return new Outcome.Rejected(RejectReason.MALFORMED, List.of("key"));
        }
        if (value == null) {
            return stored == null ? new Outcome.UnknownErasure()
                    : new Outcome.Erased(Contributions.negate(stored.contribution()));
        }
        // An attested entry is read without its proofs (intake verified them); anything else in full.
        boolean attested = intakeAttestation != null && topic != null
                && intakeAttestation.verify(topic, key, value, attestation);
        RecordSubmission submission = null;
        RecordCiphertexts record;
        try {
            if (attested) {
                record = RecordCiphertexts.readEvent(value, group);
            } else {
                submission = RegistryJson.mapper().readValue(value, RecordEvent.class).submission();
                record = RecordCiphertexts.of(submission);
            }
        } catch (RuntimeException e) {
            // Jackson, wire-format and constructor failures alike; the exception text is not kept
            return new Outcome.Rejected(RejectReason.MALFORMED, List.of("value"));
        }
        if (!key.equals(record.key())) {
            return new Outcome.Rejected(RejectReason.KEY_MISMATCH, List.of("pseudonym", "cohort"));
        }
        if (stored != null && stored.recordId().equals(record.recordId())) {
            return new Outcome.Duplicate();
        }
        List<RecordVerifier.Problem> problems;
        if (attested) {
            problems = verifier.verifyStructure(record);
        } else {
            long started = System.nanoTime();
            problems = verifier.verify(submission);
            verificationNanos.accept(System.nanoTime() - started);
        }
        if (!problems.isEmpty()) {
            boolean proofsOnly = problems.stream().allMatch(p -> p.reason().startsWith("proof invalid"));
            return new Outcome.Rejected(proofsOnly ? RejectReason.INVALID_PROOF : RejectReason.INVALID_STRUCTURE,
                    problems.stream().map(RecordVerifier.Problem::field).distinct().toList());
        }
        CohortAggregate contribution = empty(record.cohort()).plus(schema, group, record);
        CohortAggregate difference = stored == null ? contribution
                : Contributions.subtract(contribution, stored.contribution());
        return new Outcome.Accepted(new LatestRecord(record.recordId(), contribution), difference, stored != null,
                attested);
    }
}

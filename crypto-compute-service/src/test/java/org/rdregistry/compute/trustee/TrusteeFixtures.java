package org.rdregistry.compute.trustee;

import static org.rdregistry.compute.TestRegistry.GROUP;
import static org.rdregistry.compute.TestRegistry.SCHEMA;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rdregistry.compute.TestRegistry;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.topics.CohortPartitioner;
import org.rdregistry.registry.topics.Topics;

/** Aggregates and requests for the trustee's unit tests (no Kafka). */
public final class TrusteeFixtures {

    public static final ReleaseLayout LAYOUT = ReleaseLayout.of(SCHEMA);

    private TrusteeFixtures() {
    }

    /** The cohort's partition of the records topic. */
    public static int partition(String cohort) {
        return CohortPartitioner.partitionOf(cohort, Topics.RECORDS.partitions());
    }

    /** The aggregate of {@code patients} (all of one cohort) as if they were at offsets 0.. of its partition. */
    public static CohortAggregate aggregate(String cohort, List<Patient> patients) {
        CohortAggregate a = CohortAggregate.empty(SCHEMA, GROUP, cohort);
        long offset = 0;
        for (Patient p : patients) {
            a = a.plus(SCHEMA, GROUP, p.submission()).at(partition(cohort), ++offset);
        }
        return a;
    }

    static Map<Integer, Long> position(String cohort, long nextOffset) {
        return Map.of(partition(cohort), nextOffset);
    }

    static ReleaseRequest.Noise noiseRequest(String releaseId, CohortAggregate a, NoiseParameters noise) {
        return new ReleaseRequest.Noise(releaseId, a.cohort(), a.schemaVersion(), a.position(), LAYOUT.ciphertexts(a),
                noise, 1_700_000_000_000L);
    }

    static List<Patient> patients(String prefix, String cohort, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> TestRegistry.patient(prefix + i, cohort)).toList();
    }

    /** The plaintext value of every slot of the layout for these records (the truth a release estimates). */
    public static List<Long> truth(List<PlaintextRecord> records) {
        List<Long> out = new ArrayList<>();
        for (Slot slot : LAYOUT.slots()) {
            long v = 0;
            for (PlaintextRecord r : records) {
                switch (slot.kind()) {
                    case COUNT -> v += 1;
                    case CELL -> v += slot.category().equals(r.values().get(slot.field())) ? 1 : 0;
                    case SUM -> v += offset(r, slot);
                    case SUM_OF_SQUARES -> v += offset(r, slot) * offset(r, slot);
                }
            }
            out.add(v);
        }
        return out;
    }

    private static long offset(PlaintextRecord r, Slot slot) {
        FieldSpec.Integer spec = (FieldSpec.Integer) SCHEMA.fields().stream()
                .filter(f -> f.name().equals(slot.field())).findFirst().orElseThrow();
        return ((Number) r.values().get(slot.field())).longValue() - spec.min();
    }

    /** The value of every noise ciphertext, decrypted with the test-only dealer key (0 where there is none). */
    public static List<Long> noiseValues(TrusteeMessage.NoiseContribution contribution) {
        if (contribution.noise().isEmpty()) {
            return java.util.Collections.nCopies(LAYOUT.size(), 0L);
        }
        return contribution.noise().stream().map(TestRegistry::decrypt).toList();
    }

    /**
     * Verifies the shares of every slot of aggregate + noise and combines them, as stats-service does:
     * the decrypted noisy value of every slot.
     *
     * @throws org.rdregistry.crypto.decrypt.InsufficientSharesException if fewer than t shares of a slot are valid
     */
    public static List<Long> combine(String releaseId, String cohort, List<Ciphertext> aggregate,
                                     List<TrusteeMessage.NoiseContribution> noise,
                                     List<TrusteeMessage.DecryptionShares> shares) {
        DecryptionCombiner combiner = new DecryptionCombiner(TestRegistry.DEAL.jointKey());
        List<Long> out = new ArrayList<>();
        for (int j = 0; j < LAYOUT.size(); j++) {
            Ciphertext c = aggregate.get(j);
            for (TrusteeMessage.NoiseContribution n : noise) {
                if (!n.noise().isEmpty()) {
                    c = c.add(n.noise().get(j));
                }
            }
            c = c.normalize();
            int slot = j;
            List<PartialDecryption> partials = shares.stream().map(s -> s.shares().get(slot)).toList();
            ProofContext context = ReleaseContexts.decryption(releaseId, cohort, LAYOUT.slots().get(j).name());
            assertThat(combiner.identifyInvalid(c, context, partials)).as("invalid shares of slot " + j).isEmpty();
            out.add(combiner.decrypt(c, context, partials, TestRegistry.DISCRETE_LOG));
        }
        return out;
    }

    /** truth + the sum of the noise values, slot by slot. */
    public static List<Long> plus(List<Long> truth, List<List<Long>> noise) {
        List<Long> out = new ArrayList<>(truth);
        for (List<Long> n : noise) {
            for (int j = 0; j < out.size(); j++) {
                out.set(j, out.get(j) + n.get(j));
            }
        }
        return out;
    }
}

package org.rdregistry.registry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.registry.events.RecordEvent;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.ReleaseCosts;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.ReleaseRule;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.registry.verify.Verdict.Status;

/**
 * Builds a real release (dealt 2-of-3 key, encrypted records on a simulated partition log, noise with
 * proofs from trustees 1 and 2, their shares) and checks that the verifier accepts it and rejects
 * each kind of tampering with the right check. Expected noisy values come from the plaintexts.
 */
class ReleaseVerifierTest {

    static final GroupContext GROUP = GroupContext.p256();
    static final RegistrySchema SCHEMA = RegistrySchema.current();
    static final ReleaseLayout LAYOUT = ReleaseLayout.of(SCHEMA);
    static final String COHORT = "ORPHA:558";
    static final String RELEASE = "release-0001";

    static TestOnlyTrustedDealer.Deal deal;
    static List<LogEntry> log;
    static List<PlaintextRecord> live;
    static long position;

    @BeforeAll
    static void buildLog() {
        deal = TestOnlyTrustedDealer.deal(GROUP, 2, 3);
        RecordEncryptor encryptor = new RecordEncryptor(SCHEMA, deal.jointKey().publicKey());
        Random rnd = new Random(7);
        log = new ArrayList<>();
        Map<String, PlaintextRecord> latest = new LinkedHashMap<>();
        long offset = 0;
        List<PlaintextRecord> patients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            patients.add(randomPatient(rnd, COHORT));
        }
        // other cohorts share the partition: the verifier must skip them
        PlaintextRecord other = randomPatient(rnd, "ORPHA:166024");
        log.add(entry(offset++, encryptor, other, "other-cohort-0001"));
        for (int i = 0; i < patients.size(); i++) {
            log.add(entry(offset++, encryptor, patients.get(i), String.format("record-%012d", i)));
            latest.put(patients.get(i).pseudonym(), patients.get(i));
        }
        // an update of patient 0, an erasure of patient 1, a replay of patient 2's record
        PlaintextRecord updated = randomPatient(rnd, COHORT);
        updated = new PlaintextRecord(patients.get(0).pseudonym(), COHORT, updated.values());
        log.add(entry(offset++, encryptor, updated, "record-update-0000"));
        latest.put(updated.pseudonym(), updated);
        log.add(new LogEntry(offset++, patients.get(1).pseudonym() + "/" + COHORT, null));
        latest.remove(patients.get(1).pseudonym());
        // the aggregate last changed with the erasure: its position is the offset after it; the replay
        // that follows changes nothing, so it does not move the position
        position = offset;
        LogEntry replay = log.get(3);
        log.add(new LogEntry(offset++, replay.key(), replay.value()));
        live = List.copyOf(latest.values());
    }

    static PlaintextRecord randomPatient(Random rnd, String cohort) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec f : SCHEMA.fields()) {
            if (f instanceof FieldSpec.Categorical c) {
                values.put(c.name(), c.categories().get(rnd.nextInt(c.categories().size())));
            } else if (f instanceof FieldSpec.Integer i) {
                values.put(i.name(), i.min() + rnd.nextInt((int) (i.max() - i.min() + 1)));
            }
        }
        byte[] p = new byte[32];
        rnd.nextBytes(p);
        return new PlaintextRecord(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(p), cohort, values);
    }

    static LogEntry entry(long offset, RecordEncryptor encryptor, PlaintextRecord p, String recordId) {
        RecordSubmission s = encryptor.encrypt(recordId, "digest-" + recordId, p);
        byte[] json = RegistryJson.mapper().writeValueAsBytes(new RecordEvent("hospital-a", 1L, s));
        return new LogEntry(offset, s.key(), json);
    }

    /** The plaintext value of every slot over the live patients: the truth the release must decrypt to. */
    static List<Long> truth() {
        List<Long> out = new ArrayList<>();
        for (Slot slot : LAYOUT.slots()) {
            long v = 0;
            for (PlaintextRecord p : live) {
                Object value = slot.field() == null ? null : p.values().get(slot.field());
                long min = slot.field() == null ? 0
                        : SCHEMA.field(slot.field()).get() instanceof FieldSpec.Integer i ? i.min() : 0;
                v += switch (slot.kind()) {
                    case COUNT -> 1;
                    case CELL -> slot.category().equals(value) ? 1 : 0;
                    case SUM -> ((Number) value).longValue() - min;
                    case SUM_OF_SQUARES -> (((Number) value).longValue() - min) * (((Number) value).longValue() - min);
                };
            }
            out.add(v);
        }
        return out;
    }

    /** A release made by the protocol of docs/design/releases.md with trustees 1 and 2. */
    static Release release(NoiseParameters noise) {
        List<Ciphertext> aggregate = LAYOUT.ciphertexts(
                new CohortReplay(SCHEMA, deal.jointKey().publicKey()).replay(COHORT, log).aggregate());
        ElGamal elgamal = new ElGamal(GROUP);
        Random rnd = new Random(11);
        List<Long> noisy = new ArrayList<>(truth());
        List<TrusteeMessage.NoiseContribution> contributions = new ArrayList<>();
        List<Ciphertext> total = new ArrayList<>(aggregate);
        for (int t = 1; t <= 2; t++) {
            List<Ciphertext> n = new ArrayList<>();
            List<SchnorrProof> proofs = new ArrayList<>();
            if (!noise.isNone()) {
                for (int j = 0; j < LAYOUT.size(); j++) {
                    long eta = rnd.nextInt(21) - 10;     // the verifier does not see the distribution, only proofs
                    Encryption e = elgamal.encrypt(deal.jointKey().publicKey(), BigInteger.valueOf(eta),
                            GROUP.randomScalar());
                    n.add(e.ciphertext());
                    proofs.add(SchnorrProof.prove(GROUP, ReleaseContexts.NOISE_DOMAIN,
                            ReleaseContexts.noise(RELEASE, COHORT, t, LAYOUT.slots().get(j).name()),
                            e.ciphertext().alpha(), e.randomness()));
                    noisy.set(j, noisy.get(j) + eta);
                    total.set(j, total.get(j).add(e.ciphertext()));
                }
            }
            contributions.add(new TrusteeMessage.NoiseContribution(RELEASE, t, n, proofs));
        }
        List<TrusteeMessage.DecryptionShares> shares = new ArrayList<>();
        for (int t = 1; t <= 2; t++) {
            List<PartialDecryption> s = new ArrayList<>();
            for (int j = 0; j < LAYOUT.size(); j++) {
                s.add(ThresholdDecryption.partialDecrypt(deal.share(t), total.get(j).normalize(),
                        ReleaseContexts.decryption(RELEASE, COHORT, LAYOUT.slots().get(j).name())));
            }
            shares.add(new TrusteeMessage.DecryptionShares(RELEASE, t, s));
        }
        PrivacyCost cost = ReleaseCosts.of(LAYOUT, noise, 2, 2);
        PrivacyAccountant budget = new PrivacyAccountant(COHORT, PrivacyBudget.zcdp(Rational.of(1000)), cost, 1);
        int partition = 4;
        return new Release(RELEASE, COHORT, SCHEMA.version(), Map.of(partition, position), 99L, aggregate, noise,
                contributions, shares, List.of(), noisy, 3, ReleaseRule.apply(LAYOUT, noisy, 3), cost, budget);
    }

    static Verdict verify(Release r) {
        return new ReleaseVerifier(SCHEMA, deal.jointKey()).verify(r, log);
    }

    static Release with(Release r, UnaryOperator<List<Long>> noisy) {
        List<Long> values = noisy.apply(new ArrayList<>(r.noisyValues()));
        return new Release(r.releaseId(), r.cohort(), r.schemaVersion(), r.position(), r.releasedAtMillis(),
                r.aggregate(), r.noise(), r.noiseContributions(), r.shares(), r.invalidShares(), values,
                r.suppressionK(), ReleaseRule.apply(LAYOUT, values, r.suppressionK()), r.cost(), r.budgetAfter());
    }

    static Status statusOf(Verdict v, String check) {
        return v.checks().stream().filter(c -> c.id().equals(check)).findFirst().orElseThrow().status();
    }

    @Test
    void aReleaseWithoutNoiseDecryptsToThePlaintextTruthAndVerifies() {
        Release r = release(NoiseParameters.none());
        assertThat(r.noisyValues()).isEqualTo(truth());
        Verdict v = verify(r);
        assertThat(v.checks()).extracting(Verdict.Check::id).containsExactly("V.1", "V.2", "V.3", "V.4", "V.5", "V.6", "V.7");
        assertThat(v.status()).as(v.toString()).isEqualTo(Status.VALID);
        assertThat(r.cost()).isEqualTo(PrivacyCost.ZERO);
    }

    @Test
    void aNoisyReleaseVerifiesAndItsCostCountsOneHonestTrustee() {
        Release r = release(NoiseParameters.gaussian(Rational.of(4)));
        Verdict v = verify(r);
        assertThat(v.status()).as(v.toString()).isEqualTo(Status.VALID);
        // 1 count + 3 sums + 3 squares (scalars) and 10 histograms, each 1/(2·4) with one honest trustee of two
        assertThat(r.cost().zcdpRho()).isEqualTo(Rational.of(17, 8));
    }

    @Test
    void eachKindOfTamperingIsCaughtByItsCheck() {
        Release good = release(NoiseParameters.gaussian(Rational.of(4)));

        // V.5: a published noisy value that is not what the shares decrypt to (statistics re-derived to match)
        Verdict v5 = verify(with(good, values -> { values.set(0, values.get(0) + 1); return values; }));
        assertThat(v5.status()).isEqualTo(Status.INVALID);
        assertThat(statusOf(v5, "V.5")).isEqualTo(Status.INVALID);

        // V.6: statistics that do not follow the rule (a suppressed value shown)
        Release v6r = new Release(good.releaseId(), good.cohort(), good.schemaVersion(), good.position(), 1L,
                good.aggregate(), good.noise(), good.noiseContributions(), good.shares(), good.invalidShares(),
                good.noisyValues(), 1_000_000, good.statistics(), good.cost(), good.budgetAfter());
        assertThat(statusOf(verify(v6r), "V.6")).isEqualTo(Status.INVALID);

        // V.7: an understated privacy cost
        Release v7r = new Release(good.releaseId(), good.cohort(), good.schemaVersion(), good.position(), 1L,
                good.aggregate(), good.noise(), good.noiseContributions(), good.shares(), good.invalidShares(),
                good.noisyValues(), good.suppressionK(), good.statistics(), PrivacyCost.ZERO, good.budgetAfter());
        assertThat(statusOf(verify(v7r), "V.7")).isEqualTo(Status.INVALID);

        // V.2: an aggregate that is not the log's (one cell swapped with another)
        List<Ciphertext> swapped = new ArrayList<>(good.aggregate());
        Ciphertext c1 = swapped.get(1);
        swapped.set(1, swapped.get(2));
        swapped.set(2, c1);
        Release v2r = new Release(good.releaseId(), good.cohort(), good.schemaVersion(), good.position(), 1L,
                swapped, good.noise(), good.noiseContributions(), good.shares(), good.invalidShares(),
                good.noisyValues(), good.suppressionK(), good.statistics(), good.cost(), good.budgetAfter());
        assertThat(statusOf(verify(v2r), "V.2")).isEqualTo(Status.INVALID);

        // V.2: the right aggregate at a wrong position
        Release shifted = new Release(good.releaseId(), good.cohort(), good.schemaVersion(), Map.of(4, position - 1), 1L,
                good.aggregate(), good.noise(), good.noiseContributions(), good.shares(), good.invalidShares(),
                good.noisyValues(), good.suppressionK(), good.statistics(), good.cost(), good.budgetAfter());
        assertThat(statusOf(verify(shifted), "V.2")).isEqualTo(Status.INVALID);

        // V.3: trustee 2's noise proof replaced by trustee 1's (bound to another trustee and ciphertext)
        TrusteeMessage.NoiseContribution n1 = good.noiseContributions().get(0);
        TrusteeMessage.NoiseContribution n2 = good.noiseContributions().get(1);
        TrusteeMessage.NoiseContribution forged = new TrusteeMessage.NoiseContribution(RELEASE, 2, n2.noise(), n1.proofs());
        Release v3r = new Release(good.releaseId(), good.cohort(), good.schemaVersion(), good.position(), 1L,
                good.aggregate(), good.noise(), List.of(n1, forged), good.shares(), good.invalidShares(),
                good.noisyValues(), good.suppressionK(), good.statistics(), good.cost(), good.budgetAfter());
        assertThat(statusOf(verify(v3r), "V.3")).isEqualTo(Status.INVALID);

        // V.4: one share replaced by the share of another slot
        TrusteeMessage.DecryptionShares s1 = good.shares().get(0);
        List<PartialDecryption> bad = new ArrayList<>(s1.shares());
        bad.set(0, bad.get(1));
        Release v4r = new Release(good.releaseId(), good.cohort(), good.schemaVersion(), good.position(), 1L,
                good.aggregate(), good.noise(), good.noiseContributions(),
                List.of(new TrusteeMessage.DecryptionShares(RELEASE, 1, bad), good.shares().get(1)),
                good.invalidShares(), good.noisyValues(), good.suppressionK(), good.statistics(), good.cost(),
                good.budgetAfter());
        assertThat(statusOf(verify(v4r), "V.4")).isEqualTo(Status.INVALID);
    }

    @Test
    void aRecordWithABrokenProofInTheLogIsNotPartOfTheAggregate() {
        Release good = release(NoiseParameters.none());
        // the same log with one more entry before the position, whose proofs are copied from another record
        List<LogEntry> tampered = new ArrayList<>(log.subList(0, log.size()));
        LogEntry victim = log.get(5);
        String json = new String(victim.value(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("record-000000000004", "record-forged-0004");
        tampered.add(new LogEntry(position, victim.key(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Release moved = new Release(good.releaseId(), good.cohort(), good.schemaVersion(), Map.of(4, position + 1), 1L,
                good.aggregate(), good.noise(), good.noiseContributions(), good.shares(), good.invalidShares(),
                good.noisyValues(), good.suppressionK(), good.statistics(), good.cost(), good.budgetAfter());
        // the forged entry is ignored, so the aggregate did not change at position + 1: no change there
        Verdict v = new ReleaseVerifier(SCHEMA, deal.jointKey()).verify(moved, tampered);
        assertThat(statusOf(v, "V.2")).isEqualTo(Status.INVALID);
        assertThat(v.checks().get(1).detail()).contains("1 ignored");
    }
}

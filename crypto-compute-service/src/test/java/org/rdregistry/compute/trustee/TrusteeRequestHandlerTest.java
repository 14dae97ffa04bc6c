package org.rdregistry.compute.trustee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.DEAL;
import static org.rdregistry.compute.trustee.TrusteeFixtures.LAYOUT;
import static org.rdregistry.compute.trustee.TrusteeFixtures.aggregate;
import static org.rdregistry.compute.trustee.TrusteeFixtures.noiseRequest;
import static org.rdregistry.compute.trustee.TrusteeFixtures.patients;
import static org.rdregistry.compute.trustee.TrusteeFixtures.position;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.compute.trustee.ReleaseChecks.NoisePolicy;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.release.TrusteeMessage.DecryptionShares;
import org.rdregistry.registry.release.TrusteeMessage.NoiseContribution;
import org.rdregistry.registry.release.TrusteeMessage.Reason;
import org.rdregistry.registry.topics.Topics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Trustees 1 and 2 of the dealt 2-of-3 key answer release requests against their recomputed states
 * (an in-memory history here, no Kafka), with real noise, real proofs and real partial decryptions;
 * every release is checked by combining the shares and comparing with the plaintext truth plus the
 * noise (decrypted with the test-only dealer key).
 */
class TrusteeRequestHandlerTest {

    static final NoiseParameters GAUSSIAN = NoiseParameters.gaussian(Rational.of(1));
    static final int MIN_RECORDS = 3;

    static List<Patient> cohort;
    static CohortAggregate two;
    static CohortAggregate three;

    @TempDir
    Path dir;

    AggregateHistory history;
    SimpleMeterRegistry meters;
    TrusteeRequestHandler trustee1;
    TrusteeRequestHandler trustee2;

    @BeforeAll
    static void patientsOfTheCohort() {
        cohort = patients("handler-", COHORT_A, 3);
        two = aggregate(COHORT_A, cohort.subList(0, 2));
        three = aggregate(COHORT_A, cohort);
    }

    @BeforeEach
    void trustees() {
        history = new AggregateHistory(64);
        history.record(two);
        history.record(three);
        meters = new SimpleMeterRegistry();
        trustee1 = handler(1, history, Duration.ofMillis(200), true);
        trustee2 = handler(2, history, Duration.ofMillis(200), true);
    }

    @Test
    void aReleaseWithNoiseDecryptsToTheTruthPlusTheNoiseOfTheSet() throws Exception {
        ReleaseRequest.Noise noise = noiseRequest("r-noise", three, GAUSSIAN);
        NoiseContribution n1 = (NoiseContribution) trustee1.handle(noise);
        NoiseContribution n2 = (NoiseContribution) trustee2.handle(noise);
        assertThat(n1.noise()).hasSize(LAYOUT.size());
        assertThat(n1.trustee()).isEqualTo(1);

        ReleaseRequest.Decrypt decrypt = new ReleaseRequest.Decrypt("r-noise", COHORT_A, three.position(), List.of(n1, n2));
        DecryptionShares s1 = (DecryptionShares) trustee1.handle(decrypt);
        DecryptionShares s2 = (DecryptionShares) trustee2.handle(decrypt);

        List<Long> released = TrusteeFixtures.combine("r-noise", COHORT_A, noise.aggregate(), List.of(n1, n2), List.of(s1, s2));
        List<Long> expected = TrusteeFixtures.plus(TrusteeFixtures.truth(plaintexts(cohort)),
                List.of(TrusteeFixtures.noiseValues(n1), TrusteeFixtures.noiseValues(n2)));
        assertThat(released).isEqualTo(expected);
        assertThat(TrusteeFixtures.noiseValues(n1)).as("noise was drawn").anyMatch(v -> v != 0);
        assertThat(counter("noise", "accepted")).isEqualTo(2);
        assertThat(counter("decrypt", "accepted")).isEqualTo(2);
    }

    @Test
    void withNoiseOffAndAllowedTheReleaseIsTheTruthExactly() throws Exception {
        ReleaseRequest.Noise noise = noiseRequest("r-none", three, NoiseParameters.none());
        NoiseContribution n1 = (NoiseContribution) trustee1.handle(noise);
        NoiseContribution n2 = (NoiseContribution) trustee2.handle(noise);
        assertThat(n1.noise()).isEmpty();
        assertThat(n1.proofs()).isEmpty();
        ReleaseRequest.Decrypt decrypt = new ReleaseRequest.Decrypt("r-none", COHORT_A, three.position(), List.of(n2, n1));
        DecryptionShares s1 = (DecryptionShares) trustee1.handle(decrypt);
        DecryptionShares s2 = (DecryptionShares) trustee2.handle(decrypt);
        assertThat(TrusteeFixtures.combine("r-none", COHORT_A, noise.aggregate(), List.of(n1, n2), List.of(s2, s1)))
                .isEqualTo(TrusteeFixtures.truth(plaintexts(cohort)));
    }

    @Test
    void eachStateGetsNoiseForOneReleaseAndIsDecryptedOnce() throws Exception {
        ReleaseRequest.Noise noise = noiseRequest("r-once", three, GAUSSIAN);
        NoiseContribution n1 = (NoiseContribution) trustee1.handle(noise);
        NoiseContribution n2 = (NoiseContribution) trustee2.handle(noise);
        // the same request again (a redelivery): the same contribution, no second draw
        assertThat(trustee1.handle(noise)).isEqualTo(n1);
        // the same state for another release: no fresh noise to average
        assertRefusal(trustee1.handle(noiseRequest("r-twice", three, GAUSSIAN)), Reason.ALREADY_RELEASED);

        ReleaseRequest.Decrypt decrypt = new ReleaseRequest.Decrypt("r-once", COHORT_A, three.position(), List.of(n1, n2));
        DecryptionShares first = (DecryptionShares) trustee1.handle(decrypt);
        // the same decryption again (a redelivery): the same ciphertexts are decrypted again, nothing new
        DecryptionShares again = (DecryptionShares) trustee1.handle(decrypt);
        assertThat(again.shares()).extracting(s -> s.share()).isEqualTo(first.shares().stream().map(s -> s.share()).toList());
        // another noise set for the same state: refused
        NoiseContribution n3 = (NoiseContribution) handler(3, history, Duration.ofMillis(200), true).handle(noise);
        assertRefusal(trustee1.handle(new ReleaseRequest.Decrypt("r-once", COHORT_A, three.position(), List.of(n1, n3))),
                Reason.ALREADY_RELEASED);

        // and the ledger remembers it all after a restart
        TrusteeRequestHandler restarted = handler(1, history, Duration.ofMillis(200), true);
        assertThat(restarted.handle(noise)).isEqualTo(n1);
        assertRefusal(restarted.handle(noiseRequest("r-thrice", three, GAUSSIAN)), Reason.ALREADY_RELEASED);
        assertRefusal(restarted.handle(new ReleaseRequest.Decrypt("r-once", COHORT_A, three.position(), List.of(n1, n3))),
                Reason.ALREADY_RELEASED);
        assertThat(counter("refusals", Reason.ALREADY_RELEASED)).isEqualTo(4);
    }

    @Test
    void aDecryptionWithoutItsOwnNoiseOrWithACancellingContributionIsRefused() throws Exception {
        ReleaseRequest.Noise noise = noiseRequest("r-set", three, GAUSSIAN);
        NoiseContribution n1 = (NoiseContribution) trustee1.handle(noise);
        NoiseContribution n2 = (NoiseContribution) trustee2.handle(noise);
        assertRefusal(trustee1.handle(new ReleaseRequest.Decrypt("r-unknown", COHORT_A, three.position(), List.of(n1, n2))),
                Reason.BAD_NOISE_SET);
        NoiseContribution n3 = (NoiseContribution) handler(3, history, Duration.ofMillis(200), true).handle(noise);
        assertRefusal(trustee1.handle(new ReleaseRequest.Decrypt("r-set", COHORT_A, three.position(), List.of(n2, n3))),
                Reason.BAD_NOISE_SET);
        NoiseContribution cancel = new NoiseContribution("r-set", 2,
                n1.noise().stream().map(c -> c.negate().normalize()).toList(), n2.proofs());
        assertRefusal(trustee1.handle(new ReleaseRequest.Decrypt("r-set", COHORT_A, three.position(), List.of(n1, cancel))),
                Reason.BAD_NOISE_SET);
        // none of this used up the state: the right set is still decrypted
        assertThat(trustee1.handle(new ReleaseRequest.Decrypt("r-set", COHORT_A, three.position(), List.of(n1, n2))))
                .isInstanceOf(DecryptionShares.class);
    }

    @Test
    void onlyItsOwnAggregateOfEnoughRecordsAtAKnownPositionGetsNoise() throws Exception {
        assertRefusal(trustee1.handle(noiseRequest("r-small", two, GAUSSIAN)), Reason.COHORT_TOO_SMALL);
        CohortAggregate single = aggregate(COHORT_A, cohort.subList(0, 1));
        ReleaseRequest.Noise oneRecord = new ReleaseRequest.Noise("r-single", COHORT_A, "1", three.position(),
                LAYOUT.ciphertexts(single), GAUSSIAN, 0);
        assertRefusal(trustee1.handle(oneRecord), Reason.AGGREGATE_MISMATCH);
        // a position the trustee has not reached within its wait
        ReleaseRequest.Noise ahead = new ReleaseRequest.Noise("r-ahead", COHORT_A, "1", position(COHORT_A, 9),
                LAYOUT.ciphertexts(three), GAUSSIAN, 0);
        assertRefusal(trustee1.handle(ahead), Reason.UNKNOWN_POSITION);
        TrusteeRequestHandler strict = handler(3, history, Duration.ofMillis(200), false);
        assertRefusal(strict.handle(noiseRequest("r-off", three, NoiseParameters.none())), Reason.NOISE_TOO_LOW);
        assertThat(counter("noise", "refused")).isEqualTo(4);
        assertThat(counter("refusals", Reason.UNKNOWN_POSITION)).isEqualTo(1);
    }

    @Test
    void aPositionThatLeftTheHistoryIsUnknown() throws Exception {
        AggregateHistory small = new AggregateHistory(1);
        small.record(two);
        small.record(three);
        TrusteeRequestHandler t = handler(1, small, Duration.ofSeconds(30), true);
        // passed: refused at once, not after the 30 s wait
        assertRefusal(t.handle(noiseRequest("r-old", two, GAUSSIAN)), Reason.UNKNOWN_POSITION);
    }

    @Test
    void aRequestWaitsForThePositionToBeReached() throws Exception {
        AggregateHistory growing = new AggregateHistory(64);
        growing.record(two);
        AtomicBoolean looked = new AtomicBoolean();
        TrusteeRequestHandler t = new TrusteeRequestHandler(DEAL.share(1), LAYOUT, new OwnAggregates(growing, c -> {
            looked.set(true);
            return Optional.empty();
        }), TrusteeLedger.open(dir.resolve("waiting.json"), 1), settings(Duration.ofSeconds(30), false),
                new TrusteeMetrics(meters));
        CompletableFuture<TrusteeMessage> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return t.handle(noiseRequest("r-wait", three, GAUSSIAN));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the trustee has looked and not found the position yet; now its recomputation reaches it
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilTrue(looked);
        assertThat(answer).isNotDone();
        growing.record(three);
        assertThat(answer.get()).isInstanceOf(NoiseContribution.class);
    }

    @Test
    void afterARestartTheCurrentStateComesFromTheStore() throws Exception {
        OwnAggregates fromStore = new OwnAggregates(new AggregateHistory(64),
                c -> c.equals(COHORT_A) ? Optional.of(three) : Optional.empty());
        assertThat(fromStore.find(COHORT_A, three.position(), Duration.ZERO))
                .isEqualTo(new OwnAggregates.Lookup.Found(three));
        assertThat(fromStore.find(COHORT_A, two.position(), Duration.ofSeconds(30)))
                .isInstanceOf(OwnAggregates.Lookup.Passed.class);
        assertThat(fromStore.find("ORPHA:1", two.position(), Duration.ZERO))
                .isInstanceOf(OwnAggregates.Lookup.NotReached.class);
    }

    private TrusteeRequestHandler handler(int index, AggregateHistory h, Duration wait, boolean allowNone) {
        Path ledger = dir.resolve("trustee-" + index + ".json");
        return new TrusteeRequestHandler(DEAL.share(index), LAYOUT, new OwnAggregates(h, c -> Optional.empty()),
                TrusteeLedger.open(ledger, index), settings(wait, allowNone), new TrusteeMetrics(meters));
    }

    private static TrusteeRequestHandler.Settings settings(Duration wait, boolean allowNone) {
        return new TrusteeRequestHandler.Settings(wait, MIN_RECORDS, new NoisePolicy(allowNone, Rational.of(1)),
                Topics.RECORDS.partitions());
    }

    private double counter(String kind, String outcome) {
        return meters.get("trustee.requests").tags("kind", kind, "outcome", outcome).counter().count();
    }

    private double counter(String name, Reason reason) {
        return meters.get("trustee." + name).tags("reason", TrusteeMetrics.tag(reason)).counter().count();
    }

    private static void assertRefusal(TrusteeMessage message, Reason reason) {
        assertThat(message).isInstanceOfSatisfying(TrusteeMessage.Refusal.class,
                r -> assertThat(r.reason()).as(r.detail()).isEqualTo(reason));
    }

    private static List<PlaintextRecord> plaintexts(List<Patient> patients) {
        return patients.stream().map(Patient::plaintext).toList();
    }
}

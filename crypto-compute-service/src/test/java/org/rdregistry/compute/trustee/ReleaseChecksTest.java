package org.rdregistry.compute.trustee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.DEAL;
import static org.rdregistry.compute.trustee.TrusteeFixtures.LAYOUT;
import static org.rdregistry.compute.trustee.TrusteeFixtures.aggregate;
import static org.rdregistry.compute.trustee.TrusteeFixtures.noiseRequest;
import static org.rdregistry.compute.trustee.TrusteeFixtures.partition;
import static org.rdregistry.compute.trustee.TrusteeFixtures.patients;
import static org.rdregistry.compute.trustee.TrusteeFixtures.position;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.compute.trustee.ReleaseChecks.NoisePolicy;
import org.rdregistry.compute.trustee.ReleaseChecks.Refused;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.release.TrusteeMessage.NoiseContribution;
import org.rdregistry.registry.release.TrusteeMessage.Reason;
import org.rdregistry.registry.topics.Topics;

/** The trustee's request checks as pure functions, with real ciphertexts and proofs. */
class ReleaseChecksTest {

    static final NoisePolicy STRICT = new NoisePolicy(false, Rational.of(1));
    static final NoiseParameters GAUSSIAN = NoiseParameters.gaussian(Rational.of(4));
    static final String RELEASE = "release-checks-1";

    static CohortAggregate three;
    static NoiseContribution noise1;
    static NoiseContribution noise2;
    static NoiseContribution noise3;

    @BeforeAll
    static void setUp() {
        three = aggregate(COHORT_A, patients("checks-", COHORT_A, 3));
        noise1 = new NoiseMaker(DEAL.jointKey().publicKey(), LAYOUT, 1).contribute(RELEASE, COHORT_A, GAUSSIAN);
        noise2 = new NoiseMaker(DEAL.jointKey().publicKey(), LAYOUT, 2).contribute(RELEASE, COHORT_A, GAUSSIAN);
        noise3 = new NoiseMaker(DEAL.jointKey().publicKey(), LAYOUT, 3).contribute(RELEASE, COHORT_A, GAUSSIAN);
    }

    @Test
    void aWellFormedRequestPassesTheFormCheck() {
        assertThat(ReleaseChecks.form(noiseRequest(RELEASE, three, GAUSSIAN), three.position(), Topics.RECORDS.partitions()))
                .isEmpty();
    }

    @Test
    void releaseIdCohortAndPositionMustBeWellFormed() {
        ReleaseRequest.Noise ok = noiseRequest(RELEASE, three, GAUSSIAN);
        assertRefused(ReleaseChecks.form(withId(ok, " "), ok.position(), 6), Reason.MALFORMED);
        assertRefused(ReleaseChecks.form(withId(ok, "x".repeat(201)), ok.position(), 6), Reason.MALFORMED);
        assertRefused(ReleaseChecks.form(withCohort(ok, "ORPHA:0"), ok.position(), 6), Reason.MALFORMED);
        int other = (partition(COHORT_A) + 1) % 6;
        assertRefused(ReleaseChecks.form(ok, Map.of(other, 3L), 6), Reason.MALFORMED);
        assertRefused(ReleaseChecks.form(ok, Map.of(partition(COHORT_A), 3L, other, 1L), 6), Reason.MALFORMED);
        assertRefused(ReleaseChecks.form(ok, Map.of(partition(COHORT_A), 0L), 6), Reason.MALFORMED);
        assertRefused(ReleaseChecks.form(ok, Map.of(), 6), Reason.MALFORMED);
    }

    @Test
    void noiseMustBeAtLeastThePolicysMinimumAndOffOnlyWhereAllowed() {
        CohortAggregate a = three;
        assertThat(ReleaseChecks.noiseRequest(noiseRequest(RELEASE, a, GAUSSIAN), LAYOUT, STRICT)).isEmpty();
        assertThat(ReleaseChecks.noiseRequest(noiseRequest(RELEASE, a, NoiseParameters.gaussian(Rational.of(1))), LAYOUT,
                STRICT)).isEmpty();
        assertRefused(ReleaseChecks.noiseRequest(noiseRequest(RELEASE, a, NoiseParameters.gaussian(Rational.of(99, 100))),
                LAYOUT, STRICT), Reason.NOISE_TOO_LOW);
        assertRefused(ReleaseChecks.noiseRequest(noiseRequest(RELEASE, a, NoiseParameters.none()), LAYOUT, STRICT),
                Reason.NOISE_TOO_LOW);
        assertThat(ReleaseChecks.noiseRequest(noiseRequest(RELEASE, a, NoiseParameters.none()), LAYOUT,
                new NoisePolicy(true, Rational.of(1)))).isEmpty();
        // a variance the exact sampler cannot take (sumOfSquares has sensitivity 1200^2)
        assertRefused(ReleaseChecks.noiseRequest(noiseRequest(RELEASE, a, NoiseParameters.gaussian(Rational.of(1L << 40))),
                LAYOUT, STRICT), Reason.MALFORMED);
    }

    @Test
    void theRequestMustFitTheSchemaAndLayout() {
        ReleaseRequest.Noise ok = noiseRequest(RELEASE, three, GAUSSIAN);
        ReleaseRequest.Noise otherSchema = new ReleaseRequest.Noise(RELEASE, COHORT_A, "2", ok.position(), ok.aggregate(),
                GAUSSIAN, 0);
        assertRefused(ReleaseChecks.noiseRequest(otherSchema, LAYOUT, STRICT), Reason.MALFORMED);
        ReleaseRequest.Noise short1 = new ReleaseRequest.Noise(RELEASE, COHORT_A, "1", ok.position(),
                ok.aggregate().subList(1, ok.aggregate().size()), GAUSSIAN, 0);
        assertRefused(ReleaseChecks.noiseRequest(short1, LAYOUT, STRICT), Reason.MALFORMED);
    }

    @Test
    void theCiphertextsMustBeTheTrusteesOwnAggregateOfEnoughRecords() {
        ReleaseRequest.Noise ok = noiseRequest(RELEASE, three, GAUSSIAN);
        assertThat(ReleaseChecks.aggregate(ok, three, LAYOUT, 3)).isEmpty();
        assertRefused(ReleaseChecks.aggregate(ok, three, LAYOUT, 4), Reason.COHORT_TOO_SMALL);

        List<Ciphertext> modified = new ArrayList<>(ok.aggregate());
        modified.set(7, modified.get(7).add(modified.get(0)).normalize());
        ReleaseRequest.Noise changed = new ReleaseRequest.Noise(RELEASE, COHORT_A, "1", ok.position(), modified, GAUSSIAN, 0);
        Optional<Refused> r = ReleaseChecks.aggregate(changed, three, LAYOUT, 3);
        assertRefused(r, Reason.AGGREGATE_MISMATCH);
        assertThat(r.get().detail()).contains(LAYOUT.slots().get(7).name());

        // one record's contribution at the position of the cohort's state
        CohortAggregate single = aggregate(COHORT_A, patients("checks-", COHORT_A, 1));
        ReleaseRequest.Noise oneRecord = new ReleaseRequest.Noise(RELEASE, COHORT_A, "1", ok.position(),
                LAYOUT.ciphertexts(single), GAUSSIAN, 0);
        assertRefused(ReleaseChecks.aggregate(oneRecord, three, LAYOUT, 1), Reason.AGGREGATE_MISMATCH);
    }

    @Test
    void aNoiseSetOfValidContributionsOfDistinctTrusteesIncludingItsOwnPasses() {
        assertThat(ReleaseChecks.noiseSet(decrypt(noise1, noise2), noise1, DEAL.jointKey(), LAYOUT)).isEmpty();
        assertThat(ReleaseChecks.noiseSet(decrypt(noise3, noise1, noise2), noise1, DEAL.jointKey(), LAYOUT)).isEmpty();
    }

    @Test
    void aNoiseSetWithoutTheTrusteesOwnNoiseOrWithADifferentOneIsRefused() {
        assertRefused(ReleaseChecks.noiseSet(decrypt(noise2, noise3), noise1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
        NoiseContribution otherOwn = new NoiseMaker(DEAL.jointKey().publicKey(), LAYOUT, 1).contribute(RELEASE, COHORT_A, GAUSSIAN);
        assertRefused(ReleaseChecks.noiseSet(decrypt(otherOwn, noise2), noise1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
    }

    @Test
    void theNegationOfTheTrusteesNoiseUnderAnotherNameFailsItsProof() {
        List<Ciphertext> negated = noise1.noise().stream().map(c -> c.negate().normalize()).toList();
        NoiseContribution cancel = new NoiseContribution(RELEASE, 2, negated, noise1.proofs());
        assertRefused(ReleaseChecks.noiseSet(decrypt(noise1, cancel), noise1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
        // trustee 1's own proofs do not hold under trustee 2's name either
        NoiseContribution copied = new NoiseContribution(RELEASE, 2, noise1.noise(), noise1.proofs());
        assertRefused(ReleaseChecks.noiseSet(decrypt(noise1, copied), noise1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
    }

    @Test
    void duplicateUnknownWronglyShapedOrTooFewContributionsAreRefused() {
        assertRefused(ReleaseChecks.noiseSet(decrypt(noise1, noise2, noise2), noise1, DEAL.jointKey(), LAYOUT),
                Reason.BAD_NOISE_SET);
        NoiseContribution stranger = new NoiseContribution(RELEASE, 4, noise2.noise(), noise2.proofs());
        assertRefused(ReleaseChecks.noiseSet(decrypt(noise1, stranger), noise1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
        NoiseContribution truncated = new NoiseContribution(RELEASE, 2, noise2.noise().subList(1, LAYOUT.size()),
                noise2.proofs().subList(1, LAYOUT.size()));
        assertRefused(ReleaseChecks.noiseSet(decrypt(noise1, truncated), noise1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
        NoiseContribution empty = new NoiseContribution(RELEASE, 2, List.of(), List.of());
        assertRefused(ReleaseChecks.noiseSet(decrypt(noise1, empty), noise1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
        NoiseContribution elsewhere = new NoiseContribution("another-release", 2, noise2.noise(), noise2.proofs());
        assertRefused(ReleaseChecks.noiseSet(decrypt(noise1, elsewhere), noise1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
        assertRefused(ReleaseChecks.noiseSet(decrypt(noise1), noise1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
    }

    @Test
    void withNoiseOffEveryContributionMustBeEmpty() {
        NoiseContribution none1 = new NoiseContribution(RELEASE, 1, List.of(), List.of());
        NoiseContribution none2 = new NoiseContribution(RELEASE, 2, List.of(), List.of());
        assertThat(ReleaseChecks.noiseSet(decrypt(none1, none2), none1, DEAL.jointKey(), LAYOUT)).isEmpty();
        assertRefused(ReleaseChecks.noiseSet(decrypt(none1, noise2), none1, DEAL.jointKey(), LAYOUT), Reason.BAD_NOISE_SET);
    }

    private static ReleaseRequest.Decrypt decrypt(NoiseContribution... set) {
        return new ReleaseRequest.Decrypt(RELEASE, COHORT_A, position(COHORT_A, 3), List.of(set));
    }

    private static ReleaseRequest.Noise withId(ReleaseRequest.Noise r, String id) {
        return new ReleaseRequest.Noise(id, r.cohort(), r.schemaVersion(), r.position(), r.aggregate(), r.noise(), 0);
    }

    private static ReleaseRequest.Noise withCohort(ReleaseRequest.Noise r, String cohort) {
        return new ReleaseRequest.Noise(r.releaseId(), cohort, r.schemaVersion(), r.position(), r.aggregate(), r.noise(), 0);
    }

    private static void assertRefused(Optional<Refused> refused, Reason reason) {
        assertThat(refused).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(reason));
    }
}

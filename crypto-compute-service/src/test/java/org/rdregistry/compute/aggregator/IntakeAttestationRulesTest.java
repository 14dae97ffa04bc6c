package org.rdregistry.compute.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.COHORT_B;
import static org.rdregistry.compute.TestRegistry.DEALER_KEY;
import static org.rdregistry.compute.TestRegistry.GROUP;
import static org.rdregistry.compute.TestRegistry.SCHEMA;
import static org.rdregistry.compute.TestRegistry.assertDecryptsTo;
import static org.rdregistry.compute.TestRegistry.patient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.compute.TestRegistry;
import org.rdregistry.compute.TestRegistry.Patient;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.IntakeAttestation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Rules that trust intake's attestation skip the proofs of attested entries and only those; rules
 * without that trust (a trustee's) ignore attestations. On TopologyTestDriver, checked by decryption.
 */
class IntakeAttestationRulesTest {

    static final String RECORDS = AggregatorDrivers.RECORDS;

    @TempDir
    Path stateDir;

    final IntakeAttestation intake = new IntakeAttestation(randomKey(), DEALER_KEY.publicKey(), SCHEMA.version());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> records;
    TestOutputTopic<String, CohortAggregate> aggregates;

    void start(RecordRules rules) {
        driver = AggregatorDrivers.start("attestation-rules-test", stateDir, 1, rules, new AggregatorMetrics(meters),
                Duration.ZERO);
        records = AggregatorDrivers.records(driver);
        aggregates = AggregatorDrivers.aggregates(driver);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void anAttestedRecordIsAggregatedWithoutASecondVerification() {
        start(RecordRules.trustingIntake(SCHEMA, DEALER_KEY.publicKey(), intake));
        Patient a1 = patient("a1", COHORT_A);
        Patient a2 = patient("a2", COHORT_A);
        pipe(a1.key(), a1.event(), intake);
        pipe(a2.key(), a2.event(), intake);

        List<CohortAggregate> out = aggregates.readValuesToList();
        assertThat(out).hasSize(2);
        assertDecryptsTo(out.get(1), List.of(a1.plaintext(), a2.plaintext()));
        assertThat(counter("compute.records.verified")).isEqualTo(2);
        assertThat(counter("compute.records.attested")).isEqualTo(2);
        assertThat(meters.get("compute.proof.verification").timer().count()).isZero();
    }

    @Test
    void entriesWithoutAValidAttestationAreVerifiedInFull() {
        start(RecordRules.trustingIntake(SCHEMA, DEALER_KEY.publicKey(), intake));
        Patient b1 = patient("b1", COHORT_B);
        Patient b2 = patient("b2", COHORT_B);
        byte[] forged = forgedEvent(b1, b2);
        IntakeAttestation stranger = new IntakeAttestation(randomKey(), DEALER_KEY.publicKey(), SCHEMA.version());

        pipe(b1.key(), forged, null);                                   // no attestation
        pipe(b1.key(), forged, stranger);                               // someone else's key
        records.pipeInput(new TestRecord<>(b1.key(), forged, new RecordHeaders()
                .add(IntakeAttestation.HEADER, intake.attest(RECORDS, b2.key(), forged))));   // made for another key
        records.pipeInput(new TestRecord<>(b1.key(), forged, new RecordHeaders()
                .add(IntakeAttestation.HEADER, intake.attest("other-topic", b1.key(), forged))));
        assertThat(aggregates.isEmpty()).isTrue();
        assertThat(counter("compute.records.rejected", "reason", "invalid-proof")).isEqualTo(4);
        assertThat(meters.get("compute.proof.verification").timer().count()).isEqualTo(4);

        pipe(b1.key(), b1.event(), null);                               // valid, unattested: verified and counted
        assertDecryptsTo(aggregates.readValue(), List.of(b1.plaintext()));
        assertThat(counter("compute.records.attested")).isZero();
        assertThat(meters.get("compute.proof.verification").timer().count()).isEqualTo(5);
    }

    @Test
    void anAttestedEntryStillNeedsAValidStructure() {
        start(RecordRules.trustingIntake(SCHEMA, DEALER_KEY.publicKey(), intake));
        Patient b1 = patient("b1", COHORT_B);
        byte[] broken = TestRegistry.event(TestRegistry.withoutField(b1.submission(), "region"));
        pipe(b1.key(), broken, intake);

        assertThat(aggregates.isEmpty()).isTrue();
        assertThat(counter("compute.records.rejected", "reason", "invalid-structure")).isEqualTo(1);
    }

    /**
     * An attested entry is read without decoding its proofs: garbage in a proof (here an off-curve
     * commitment) is not even looked at, while the ciphertexts it aggregates are decoded and validated.
     */
    @Test
    void anAttestedEntrysProofsAreNotDecodedButItsCiphertextsAre() {
        start(RecordRules.trustingIntake(SCHEMA, DEALER_KEY.publicKey(), intake));
        Patient b1 = patient("b1", COHORT_B);
        String json = new String(b1.event(), StandardCharsets.UTF_8);
        String offCurve = offCurvePoint();
        String proofPoint = json.replaceAll("(?s).*?\"a0\":\"([^\"]+)\".*", "$1");
        String cellPoint = json.replaceAll("(?s).*?\"ciphertexts\":\\[\\{\"alpha\":\"([^\"]+)\".*", "$1");
        byte[] badProof = json.replace(proofPoint, offCurve).getBytes(StandardCharsets.UTF_8);
        byte[] badCell = json.replace(cellPoint, offCurve).getBytes(StandardCharsets.UTF_8);
        assertThat(badProof).isNotEqualTo(b1.event());
        assertThat(badCell).isNotEqualTo(b1.event());

        pipe(b1.key(), badCell, intake);
        assertThat(aggregates.isEmpty()).isTrue();
        assertThat(counter("compute.records.rejected", "reason", "malformed")).isEqualTo(1);
        pipe(b1.key(), badProof, intake);
        assertDecryptsTo(aggregates.readValue(), List.of(b1.plaintext()));
        assertThat(meters.get("compute.proof.verification").timer().count()).isZero();
    }

    /**
     * The trade made explicit: an entry attested with the shared key is taken at its word by the
     * aggregator, so the key is as secret as intake's write access; a trustee's rules verify it anyway.
     */
    @Test
    void onlyRulesThatTrustIntakeTakeAnAttestedForgeryAtItsWord() {
        Patient b1 = patient("b1", COHORT_B);
        Patient b2 = patient("b2", COHORT_B);
        byte[] forged = forgedEvent(b1, b2);

        start(RecordRules.trustingIntake(SCHEMA, DEALER_KEY.publicKey(), intake));
        pipe(b1.key(), forged, intake);
        assertThat(aggregates.readValuesToList()).hasSize(1);
        driver.close();
        driver = null;

        RecordRules trusteeRules = new RecordRules(SCHEMA, DEALER_KEY.publicKey());
        assertThat(trusteeRules.trustsIntake()).isFalse();
        Outcome outcome = trusteeRules.decide(RECORDS, b1.key(), forged, intake.attest(RECORDS, b1.key(), forged), null,
                nanos -> { });
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.INVALID_PROOF));
    }

    /** b1's identity with b2's ciphertexts: every proof is bound to b2's record id, not this one. */
    private static byte[] forgedEvent(Patient b1, Patient b2) {
        return TestRegistry.event(TestRegistry.withFieldsOf(b1.submission(), TestRegistry.recordId("forged-b1"),
                b2.submission()));
    }

    private void pipe(String key, byte[] value, IntakeAttestation by) {
        RecordHeaders headers = new RecordHeaders();
        if (by != null) {
            headers.add(IntakeAttestation.HEADER, by.attest(RECORDS, key, value));
        }
        records.pipeInput(new TestRecord<>(key, value, headers));
    }

    private double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    private static String offCurvePoint() {
        byte[] enc = GROUP.encodeWirePoint(GROUP.generator());
        enc[64] ^= 1;
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(enc);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}

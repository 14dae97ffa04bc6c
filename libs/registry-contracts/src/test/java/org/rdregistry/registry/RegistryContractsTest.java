package org.rdregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.proof.SquareProof;
import org.rdregistry.registry.aggregate.AggregateValue;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.EncryptedValue;
import org.rdregistry.registry.events.RecordEvent;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.InvalidRecordException;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.registry.schema.SchemaException;

class RegistryContractsTest {

    static final GroupContext GROUP = GroupContext.p256();
    static final RegistrySchema SCHEMA = RegistrySchema.current();
    static KeyPair dealerKey;          // test-only stand-in for the trustees' joint key
    static RecordEncryptor encryptor;
    static RecordVerifier verifier;
    static ElGamal elgamal;

    @BeforeAll
    static void keys() {
        dealerKey = KeyPair.generate(GROUP);
        encryptor = new RecordEncryptor(SCHEMA, dealerKey.publicKey());
        verifier = new RecordVerifier(SCHEMA, dealerKey.publicKey());
        elgamal = new ElGamal(GROUP, new DiscreteLog(GROUP, 1 << 12, 1L << 30));
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
        String pseudonym = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(p);
        return new PlaintextRecord(pseudonym, cohort, values);
    }

    static String id(int i) {
        return String.format("record-%012d", i);
    }

    @Test
    void schemaFileListsTheBriefsFields() {
        assertThat(SCHEMA.version()).isEqualTo("1");
        assertThat(SCHEMA.byName().keySet()).contains("sex", "ageBand", "vitalStatus", "onsetBand", "onsetMonths",
                "diagnosisMonths", "diagnosticDelayMonths", "geneticDiagnosis", "contactConsent", "reuseConsent",
                "biosample", "disability", "region");
        assertThat(SCHEMA.countField().name()).isEqualTo("sex");
        assertThatThrownBy(() -> RegistrySchema.load("99")).isInstanceOf(SchemaException.class);
        assertThatThrownBy(() -> RegistrySchema.parse(new ByteArrayInputStream(
                "{\"schemaVersion\":\"2\",\"fields\":[{\"name\":\"x\",\"type\":\"integer\",\"min\":5,\"max\":1}]}"
                        .getBytes(StandardCharsets.UTF_8)))).isInstanceOf(SchemaException.class).hasMessageContaining("x");
        assertThatThrownBy(() -> RegistrySchema.parse(new ByteArrayInputStream(
                "{\"schemaVersion\":\"2\",\"fields\":[{\"name\":\"x\",\"type\":\"categorical\",\"categories\":[\"a\",\"a\"]}]}"
                        .getBytes(StandardCharsets.UTF_8)))).isInstanceOf(SchemaException.class).hasMessageContaining("duplicate");
    }

    @Test
    void encryptedRecordsVerifyAggregateAndDecryptToThePlaintextTruth() {
        Random rnd = new Random(7);
        List<PlaintextRecord> patients = new ArrayList<>();
        List<RecordSubmission> submissions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PlaintextRecord p = randomPatient(rnd, "ORPHA:558");
            patients.add(p);
            submissions.add(encryptor.encrypt(id(i), "digest-" + id(i), p));
        }
        assertThat(verifier.verifyAll(submissions)).isEmpty();

        CohortAggregate agg = CohortAggregate.empty(SCHEMA, GROUP, "ORPHA:558");
        for (RecordSubmission s : submissions) {
            agg = agg.plus(SCHEMA, GROUP, s);
        }
        // an update of patient 0 and the erasure of patient 3
        PlaintextRecord updated = randomPatient(rnd, "ORPHA:558");
        updated = new PlaintextRecord(patients.get(0).pseudonym(), "ORPHA:558", updated.values());
        RecordSubmission update = encryptor.encrypt(id(100), "digest-" + id(100), updated);
        agg = agg.minus(SCHEMA, GROUP, submissions.get(0)).plus(SCHEMA, GROUP, update);
        agg = agg.minus(SCHEMA, GROUP, submissions.get(3));
        List<PlaintextRecord> truth = List.of(updated, patients.get(1), patients.get(2));

        assertThat(elgamal.decrypt(dealerKey, agg.count())).isEqualTo(3);
        for (FieldSpec f : SCHEMA.fields()) {
            if (f instanceof FieldSpec.Categorical c) {
                List<Ciphertext> cells = ((AggregateValue.Histogram) agg.fields().get(c.name())).cells();
                for (int k = 0; k < cells.size(); k++) {
                    String label = c.categories().get(k);
                    long expected = truth.stream().filter(p -> p.values().get(c.name()).equals(label)).count();
                    assertThat(elgamal.decrypt(dealerKey, cells.get(k))).as(c.name() + "=" + label).isEqualTo(expected);
                }
            } else if (f instanceof FieldSpec.Integer i) {
                AggregateValue.Sum sum = (AggregateValue.Sum) agg.fields().get(i.name());
                long expected = truth.stream().mapToLong(p -> ((Number) p.values().get(i.name())).longValue() - i.min()).sum();
                long expectedSquares = truth.stream().mapToLong(p -> {
                    long v = ((Number) p.values().get(i.name())).longValue() - i.min();
                    return v * v;
                }).sum();
                assertThat(elgamal.decrypt(dealerKey, sum.sum())).as(i.name()).isEqualTo(expected);
                assertThat(elgamal.decrypt(dealerKey, sum.sumOfSquares())).as(i.name() + "^2").isEqualTo(expectedSquares);
            }
        }
    }

    @Test
    void jsonRoundTripOfEventsAndAggregates() {
        RecordSubmission s = encryptor.encrypt(id(1), "digest-" + id(1), randomPatient(new Random(1), "ORPHA:166024"));
        RecordEvent event = new RecordEvent("hospital-a", 1234L, s);
        String json = RegistryJson.mapper().writeValueAsString(event);
        RecordEvent back = RegistryJson.mapper().readValue(json, RecordEvent.class);
        assertThat(back.submission().recordId()).isEqualTo(s.recordId());
        assertThat(verifier.verify(back.submission())).isEmpty();
        assertThat(RegistryJson.mapper().writeValueAsString(back)).isEqualTo(json);

        CohortAggregate agg = CohortAggregate.empty(SCHEMA, GROUP, "ORPHA:166024").plus(SCHEMA, GROUP, s).at(2, 17);
        String aggJson = RegistryJson.mapper().writeValueAsString(agg);
        CohortAggregate aggBack = RegistryJson.mapper().readValue(aggJson, CohortAggregate.class);
        assertThat(aggBack).isEqualTo(agg);
        assertThat(aggBack.position()).containsEntry(2, 17L);
    }

    @Test
    void verifierNamesTheFieldOfAStructuralOrCryptographicProblem() {
        Random rnd = new Random(3);
        RecordSubmission good = encryptor.encrypt(id(1), "digest-" + id(1), randomPatient(rnd, "ORPHA:558"));
        RecordSubmission other = encryptor.encrypt(id(2), "digest-" + id(2), randomPatient(rnd, "ORPHA:558"));
        // a ciphertext copied from another record fails: proofs are bound to the record id
        Map<String, EncryptedValue> copied = new LinkedHashMap<>(good.fields());
        copied.put("sex", other.fields().get("sex"));
        RecordSubmission forged = new RecordSubmission(good.recordId(), good.pseudonym(), good.cohort(), "1",
                good.contentDigest(), copied);
        List<RecordVerifier.Problem> problems = verifier.verifyAll(List.of(good, forged));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.recordIndex()).isEqualTo(1);
            assertThat(p.field()).isEqualTo("sex");
        });
        // the same record presented under another record id fails in every field
        RecordSubmission moved = new RecordSubmission(id(9), good.pseudonym(), good.cohort(), "1", good.contentDigest(),
                good.fields());
        assertThat(verifier.verify(moved)).hasSizeGreaterThanOrEqualTo(SCHEMA.fields().size());
        // structural problems
        Map<String, EncryptedValue> missing = new LinkedHashMap<>(good.fields());
        missing.remove("region");
        assertThat(verifier.verify(new RecordSubmission(good.recordId(), good.pseudonym(), good.cohort(), "1",
                good.contentDigest(), missing))).extracting(RecordVerifier.Problem::field).containsExactly("region");
        assertThat(verifier.verify(new RecordSubmission(good.recordId(), good.pseudonym(), good.cohort(), "2",
                good.contentDigest(), good.fields()))).extracting(RecordVerifier.Problem::field).containsExactly("schemaVersion");
        Map<String, EncryptedValue> swapped = new LinkedHashMap<>(good.fields());
        swapped.put("sex", good.fields().get("onsetMonths"));
        assertThat(verifier.verify(new RecordSubmission(good.recordId(), good.pseudonym(), good.cohort(), "1",
                good.contentDigest(), swapped))).extracting(RecordVerifier.Problem::field).containsExactly("sex");
    }

    /** A square that is not the square of the range-proven value is rejected, naming "field.square". */
    @Test
    void verifierRejectsASquareThatIsNotTheSquareOfTheValue() {
        Random rnd = new Random(11);
        PlaintextRecord patient = randomPatient(rnd, "ORPHA:558");
        long onset = ((Number) patient.values().get("onsetMonths")).longValue();
        RecordSubmission good = encryptor.encrypt(id(1), "digest-" + id(1), patient);
        RecordSubmission other = encryptor.encrypt(id(2), "digest-" + id(2), randomPatient(rnd, "ORPHA:558"));
        assertThat(verifier.verify(good)).isEmpty();
        EncryptedValue.Integer iv = (EncryptedValue.Integer) good.fields().get("onsetMonths");
        SquareProof sq = iv.square();
        assertThat(elgamal.decrypt(dealerKey, sq.square())).isEqualTo(onset * onset);

        // a dishonest hospital inflates the square (and so the cohort's variance) by 1000
        SquareProof inflated = new SquareProof(sq.square().addPlaintext(GROUP, 1000).normalize(), sq.t1(), sq.t2(),
                sq.t3(), sq.t4(), sq.zV(), sq.zR(), sq.zRho());
        assertThat(elgamal.decrypt(dealerKey, inflated.square())).isEqualTo(onset * onset + 1000);
        RecordSubmission cheat = withField(good, "onsetMonths", new EncryptedValue.Integer(iv.value(), inflated));
        assertThat(verifier.verifyAll(List.of(other, cheat))).singleElement().satisfies(p -> {
            assertThat(p.recordIndex()).isEqualTo(1);
            assertThat(p.field()).isEqualTo("onsetMonths.square");
            assertThat(p.reason()).contains("check Q.");
        });
        // a valid square (with its valid proof) of another record, or of another field of this record
        EncryptedValue.Integer foreign = (EncryptedValue.Integer) other.fields().get("onsetMonths");
        assertThat(verifier.verify(withField(good, "onsetMonths", new EncryptedValue.Integer(iv.value(), foreign.square()))))
                .extracting(RecordVerifier.Problem::field).containsExactly("onsetMonths.square");
        EncryptedValue.Integer delay = (EncryptedValue.Integer) good.fields().get("diagnosticDelayMonths");
        assertThat(verifier.verify(withField(good, "onsetMonths", new EncryptedValue.Integer(iv.value(), delay.square()))))
                .extracting(RecordVerifier.Problem::field).containsExactly("onsetMonths.square");
        // a missing square is a structural problem of the field
        assertThat(verifier.verify(withField(good, "onsetMonths", new EncryptedValue.Integer(iv.value(), null))))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("onsetMonths");
                    assertThat(p.reason()).isEqualTo("square missing");
                });
    }

    private static RecordSubmission withField(RecordSubmission s, String field, EncryptedValue value) {
        Map<String, EncryptedValue> fields = new LinkedHashMap<>(s.fields());
        fields.put(field, value);
        return new RecordSubmission(s.recordId(), s.pseudonym(), s.cohort(), s.schemaVersion(), s.contentDigest(), fields);
    }

    @Test
    void encryptorRejectsBadPlaintextNamingTheFieldNotTheValue() {
        PlaintextRecord p = randomPatient(new Random(5), "ORPHA:558");
        Map<String, Object> bad = new LinkedHashMap<>(p.values());
        bad.put("onsetMonths", 1201);
        assertThatThrownBy(() -> encryptor.encrypt(id(1), "digest-x-00000000", new PlaintextRecord(p.pseudonym(), p.cohort(), bad)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("onsetMonths").hasMessageNotContaining("1201");
        bad.put("onsetMonths", 10);
        bad.put("sex", "other");
        assertThatThrownBy(() -> encryptor.validate(new PlaintextRecord(p.pseudonym(), p.cohort(), bad)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("sex");
        assertThatThrownBy(() -> encryptor.validate(new PlaintextRecord(p.pseudonym(), "558", p.values())))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("cohort");
    }
}

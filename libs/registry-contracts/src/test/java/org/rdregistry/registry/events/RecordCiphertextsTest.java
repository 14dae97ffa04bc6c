package org.rdregistry.registry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

import tools.jackson.core.JacksonException;

/**
 * Reading a records-topic entry's ciphertexts without its proofs gives the ciphertexts, the structure
 * verdict and the aggregate contribution of the full decoding, rejects what is malformed in the parts
 * it reads, and leaves the proofs undecoded.
 */
class RecordCiphertextsTest {

    static final GroupContext GROUP = GroupContext.p256();
    static final RegistrySchema SCHEMA = RegistrySchema.current();
    static RecordSubmission submission;
    static String eventJson;
    static RecordVerifier verifier;

    @BeforeAll
    static void record() {
        KeyPair key = KeyPair.generate(GROUP);
        verifier = new RecordVerifier(SCHEMA, key.publicKey());
        Random rnd = new Random(7);
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec f : SCHEMA.fields()) {
            if (f instanceof FieldSpec.Categorical c) {
                values.put(c.name(), c.categories().get(rnd.nextInt(c.categories().size())));
            } else if (f instanceof FieldSpec.Integer i) {
                values.put(i.name(), i.min() + rnd.nextInt((int) (i.max() - i.min() + 1)));
            }
        }
        PlaintextRecord patient = new PlaintextRecord("p".repeat(43), "ORPHA:558", values);
        submission = new RecordEncryptor(SCHEMA, key.publicKey()).encrypt("record-000000000001", "digest-0000000000001",
                patient);
        eventJson = RegistryJson.mapper().writeValueAsString(new RecordEvent("hospital-a", 1L, submission));
    }

    @Test
    void readingTheEventGivesTheCiphertextsOfTheFullDecoding() {
        RecordCiphertexts read = RecordCiphertexts.readEvent(bytes(eventJson), GROUP);
        RecordCiphertexts full = RecordCiphertexts.of(RegistryJson.mapper().readValue(eventJson, RecordEvent.class).submission());
        assertThat(read).isEqualTo(full).isEqualTo(RecordCiphertexts.of(submission));
        assertThat(read.key()).isEqualTo(submission.key());
        assertThat(read.fields()).hasSize(SCHEMA.fields().size());
        assertThat(verifier.verifyStructure(read)).isEmpty();
        CohortAggregate empty = CohortAggregate.empty(SCHEMA, GROUP, "ORPHA:558");
        assertThat(empty.plus(SCHEMA, GROUP, read)).isEqualTo(empty.plus(SCHEMA, GROUP, submission));
    }

    @Test
    void proofsAreNotDecoded() {
        // an off-curve proof point: the full decoding rejects the entry, the ciphertext reading does not look at it
        EncryptedValue.Categorical sex = (EncryptedValue.Categorical) submission.fields().get("sex");
        String proofPoint = Wire.toJson(sex.oneHot()).replaceAll("(?s).*?\"a0\":\"([^\"]+)\".*", "$1");
        String offCurve = offCurvePoint();
        String tampered = eventJson.replace(proofPoint, offCurve);
        assertThat(tampered).isNotEqualTo(eventJson);
        assertThatThrownBy(() -> RegistryJson.mapper().readValue(tampered, RecordEvent.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("W.10");
        assertThat(RecordCiphertexts.readEvent(bytes(tampered), GROUP)).isEqualTo(RecordCiphertexts.of(submission));
    }

    @Test
    void malformedCiphertextsAndShapesAreRejected() {
        EncryptedValue.Categorical sex = (EncryptedValue.Categorical) submission.fields().get("sex");
        String cell = Wire.toJson(sex.oneHot()).replaceAll("(?s).*?\"ciphertexts\":\\[\\{\"alpha\":\"([^\"]+)\".*", "$1");
        assertThat(cell).hasSize(87);
        String badCell = eventJson.replace(cell, offCurvePoint());
        assertThatThrownBy(() -> RecordCiphertexts.readEvent(bytes(badCell), GROUP))
                .isInstanceOf(JacksonException.class).hasMessageContaining("W.10");
        String unknown = eventJson.replace("\"hospitalId\"", "\"extra\":1,\"hospitalId\"");
        assertThatThrownBy(() -> RecordCiphertexts.readEvent(bytes(unknown), GROUP)).isInstanceOf(JacksonException.class);
        String wrongKind = eventJson.replaceFirst("\"kind\":\"categorical\"", "\"kind\":\"integer\"");
        assertThatThrownBy(() -> RecordCiphertexts.readEvent(bytes(wrongKind), GROUP)).isInstanceOf(JacksonException.class);
        String wrongType = eventJson.replaceFirst("\"type\":\"one-hot-encryption\"", "\"type\":\"range-proof\"");
        assertThatThrownBy(() -> RecordCiphertexts.readEvent(bytes(wrongType), GROUP))
                .isInstanceOf(JacksonException.class).hasMessageContaining("W.6");
        String otherCurve = eventJson.replaceFirst("\"curve\":\"P-256\"", "\"curve\":\"secp256k1\"");
        assertThat(otherCurve).isNotEqualTo(eventJson);
        assertThatThrownBy(() -> RecordCiphertexts.readEvent(bytes(otherCurve), GROUP))
                .isInstanceOf(JacksonException.class).hasMessageContaining("W.7");
        String noSubmission = "{\"hospitalId\":\"h\",\"acceptedAtMillis\":1}";
        assertThatThrownBy(() -> RecordCiphertexts.readEvent(bytes(noSubmission), GROUP)).isInstanceOf(JacksonException.class);
    }

    @Test
    void theStructureCheckSeesMissingFieldsCellsAndSquares() {
        Map<String, RecordCiphertexts.Field> fields = new LinkedHashMap<>(RecordCiphertexts.of(submission).fields());
        RecordCiphertexts.Field.Categorical sex = (RecordCiphertexts.Field.Categorical) fields.get("sex");
        fields.put("sex", new RecordCiphertexts.Field.Categorical(sex.cells().subList(0, 2)));
        RecordCiphertexts.Field.Integer onset = (RecordCiphertexts.Field.Integer) fields.get("onsetMonths");
        fields.put("onsetMonths", new RecordCiphertexts.Field.Integer(onset.bits(), null));
        fields.remove("region");
        RecordCiphertexts bad = new RecordCiphertexts(submission.recordId(), submission.pseudonym(), submission.cohort(),
                submission.schemaVersion(), submission.contentDigest(), fields);
        assertThat(verifier.verifyStructure(bad)).extracting(RecordVerifier.Problem::field, RecordVerifier.Problem::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("sex", "must have 4 cells"),
                        org.assertj.core.groups.Tuple.tuple("onsetMonths", "square missing"),
                        org.assertj.core.groups.Tuple.tuple("region", "missing"));
    }

    private static String offCurvePoint() {
        byte[] enc = GROUP.encodeWirePoint(GROUP.generator());
        enc[64] ^= 1;
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(enc);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

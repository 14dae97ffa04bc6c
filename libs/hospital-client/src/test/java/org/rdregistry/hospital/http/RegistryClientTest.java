package org.rdregistry.hospital.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rdregistry.hospital.TestIntake;
import org.rdregistry.hospital.csv.CsvParser;
import org.rdregistry.hospital.mapping.Column;
import org.rdregistry.hospital.mapping.Header;
import org.rdregistry.hospital.mapping.MappedRow;
import org.rdregistry.hospital.mapping.RowMapper;
import org.rdregistry.hospital.pseudonym.LinkageKey;
import org.rdregistry.registry.events.EncryptedValue;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.record.RecordEncryptor;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.registry.schema.RegistrySchema;

/** The intake client against a real HTTP server playing intake. Three records are encrypted in all. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryClientTest {

    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));
    static TestIntake intake;
    static RegistryClient client;
    static List<MappedRow> rows;
    static List<RecordSubmission> encrypted;
    static RecordEncryptor encryptor;

    @BeforeAll
    static void setUp() throws Exception {
        intake = new TestIntake();
        client = new RegistryClient(intake.baseUrl(), () -> intake.token, FAST);
        RowMapper mapper = new RowMapper(RegistrySchema.current(), LinkageKey.generate(), LocalDate.of(2025, 6, 30));
        List<String> header = List.of("family_name", "given_name", "date_of_birth", "sex", "orpha_code", "vital_status",
                "age_at_onset_months", "age_at_diagnosis_months", "genetic_diagnosis", "contact_consent", "reuse_consent",
                "biosample", "disability", "region");
        Header h = Header.parse(header, Column.Purpose.SUBMIT);
        rows = new ArrayList<>();
        rows.add(((RowMapper.Ok<MappedRow>) mapper.map(h, new CsvParser.Row(2, List.of("Novak", "Jan", "1990-03-03",
                "male", "ORPHA:558", "alive", "12", "40", "confirmed", "yes", "yes", "no", "none", "north")))).value());
        rows.add(((RowMapper.Ok<MappedRow>) mapper.map(h, new CsvParser.Row(3, List.of("Horvat", "Ana", "2012-10-10",
                "female", "ORPHA:558", "alive", "3", "30", "undetermined", "no", "yes", "yes", "severe", "south")))).value());
        encryptor = new RecordEncryptor(RegistrySchema.current(), intake.registryKey.publicKey());
        encrypted = new ArrayList<>();
        for (MappedRow r : rows) {
            encrypted.add(encryptor.encrypt(r.ids().recordId(), r.ids().contentDigest(), r.record()));
        }
    }

    @AfterAll
    static void tearDown() {
        intake.close();
    }

    @Test
    void fetchRegistryReturnsTheSchemaVersionAndTheKeyToEncryptTo() {
        RegistryInfo info = client.fetchRegistry();
        assertThat(info.schemaVersion()).isEqualTo("1");
        assertThat(info.registryKey()).isEqualTo(intake.registryKey.publicKey());
        assertThat(info.schema().get("fields").size()).isEqualTo(RegistrySchema.current().fields().size());
        assertThat(RegistryInfo.fingerprint(info.registryKey())).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    @Order(1)  // the first submission of the shared records
    void batchIsRetriedAfter503AndAReplayOfTheSameBodyIsADuplicate() {
        int before = intake.batchRequests.get();
        intake.enqueue(TestIntake.unavailable());
        BatchResponse first = client.submitBatch(encrypted);
        assertThat(first.results()).extracting(RecordResult::status).containsExactly("accepted", "accepted");
        assertThat(intake.batchRequests.get() - before).as("one 503, one success").isEqualTo(2);
        assertThat(intake.records.values()).extracting(RecordSubmission::recordId)
                .contains(encrypted.get(0).recordId(), encrypted.get(1).recordId());
        assertThat(new RecordVerifier(RegistrySchema.current(), intake.registryKey.publicKey())
                .verifyAll(new ArrayList<>(intake.records.values()))).isEmpty();

        BatchResponse replay = client.submitBatch(encrypted);
        assertThat(replay.results()).extracting(RecordResult::status).containsExactly("duplicate", "duplicate");
        assertThat(client.submit(encrypted.get(0))).isEqualTo(new RecordResult(encrypted.get(0).recordId(), "duplicate"));
    }

    @Test
    void anInvalidRecordIsA422ProblemNamingTheRecordAndFieldAndIsNotRetried() {
        // a ciphertext moved into another record fails its proof: proofs are bound to the record id
        Map<String, EncryptedValue> fields = new LinkedHashMap<>(encrypted.get(1).fields());
        fields.put("sex", encrypted.get(0).fields().get("sex"));
        RecordSubmission forged = new RecordSubmission("forged-record-0000000001", encrypted.get(1).pseudonym(),
                "ORPHA:558", "1", encrypted.get(1).contentDigest(), fields);
        int before = intake.batchRequests.get();
        assertThatThrownBy(() -> client.submitBatch(List.of(encrypted.get(0), forged)))
                .isInstanceOfSatisfying(RegistryHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.unavailable()).isFalse();
                    assertThat(e.problem().orElseThrow().errors()).isNotEmpty().allSatisfy(err -> {
                        assertThat(err.recordIndex()).contains(1);
                        assertThat(err.field()).startsWith("records[1].");
                    });
                    assertThat(e.getMessage()).startsWith("POST /api/v1/records/batch: HTTP 422 - Unprocessable Content: ")
                            .contains("records[1].");
                });
        assertThat(intake.batchRequests.get() - before).isEqualTo(1);
    }

    @Test
    void theSameRecordIdWithAnotherBodyIsA409Conflict() {
        client.submitBatch(encrypted);  // accepted or duplicate, depending on test order
        MappedRow r = rows.get(0);
        RecordSubmission reEncrypted = encryptor.encrypt(r.ids().recordId(), r.ids().contentDigest(), r.record());
        int before = intake.batchRequests.get();
        assertThatThrownBy(() -> client.submitBatch(List.of(reEncrypted)))
                .isInstanceOfSatisfying(RegistryHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.problem().orElseThrow().errors().get(0).recordIndex()).contains(0);
                    assertThat(e.getMessage()).contains(r.ids().recordId());
                });
        assertThat(intake.batchRequests.get() - before).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsReportedWithoutTheToken() {
        RegistryClient wrong = new RegistryClient(intake.baseUrl(), () -> "not-the-token", FAST);
        assertThatThrownBy(() -> wrong.submitBatch(encrypted)).isInstanceOfSatisfying(RegistryHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.unauthorised()).isTrue();
            assertThat(e.getMessage()).contains("HTTP 401").doesNotContain("not-the-token");
        });
        assertThatThrownBy(() -> new RegistryClient(intake.baseUrl(), () -> "two\nlines", FAST).erase(
                encrypted.get(0).pseudonym(), "ORPHA:558")).hasMessageContaining("single line");
    }

    @Test
    void persistentUnavailabilityAndNonProblemErrorsGiveClearMessages() throws Exception {
        int before = intake.batchRequests.get();
        intake.enqueue(TestIntake.unavailable(), TestIntake.unavailable(), TestIntake.unavailable());
        assertThatThrownBy(() -> client.submitBatch(encrypted)).isInstanceOfSatisfying(RegistryHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.unavailable()).isTrue();
            assertThat(e.getMessage()).contains("HTTP 503").contains("broker unavailable");
        });
        assertThat(intake.batchRequests.get() - before).isEqualTo(FAST.maxAttempts());

        intake.enqueue(new TestIntake.Canned(500, "text/html", "<html>proxy error</html>"));
        assertThatThrownBy(() -> client.submitBatch(encrypted))
                .hasMessage("POST /api/v1/records/batch: HTTP 500");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RegistryClient nowhere = new RegistryClient(URI.create("http://127.0.0.1:" + closedPort), () -> "t", FAST);
        assertThatThrownBy(nowhere::fetchRegistry).isInstanceOfSatisfying(RegistryHttpException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.getMessage()).contains("no answer from http://127.0.0.1:" + closedPort + " after 3 attempts");
        });
    }

    @Test
    void eraseSendsTheEncodedCohort() {
        String pseudonym = encrypted.get(1).pseudonym();
        client.erase(pseudonym, "ORPHA:558");
        client.erase(pseudonym, "ORPHA:558");
        assertThat(intake.erasures).contains(pseudonym + "/ORPHA:558");
        assertThatThrownBy(() -> client.erase("short", "ORPHA:558")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.erase(pseudonym, "558")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegistryClient(URI.create("ftp://x"), () -> "t")).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.rdregistry.intake.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.rdregistry.intake.TestRegistry;
import org.rdregistry.intake.problems.FieldProblem;
import org.rdregistry.intake.problems.ProblemException;
import org.rdregistry.intake.problems.ProblemType;
import org.rdregistry.registry.events.EncryptedValue;
import org.rdregistry.registry.events.RecordSubmission;

/** Decoding, canonical hashing and problem paths, without Spring or Kafka. */
class SubmissionReaderTest {

    final SubmissionReader reader = new SubmissionReader();

    ProblemException refuse(String body) {
        return catchThrowableOfType(ProblemException.class, () -> reader.readOne(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void problemsNameTheJsonPathAndNeverTheValue() {
        ProblemException malformed = refuse("{\"recordId\": \"secret-looking-value\", ");
        assertThat(malformed.type()).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(malformed.toString() + malformed.errors()).doesNotContain("secret-looking-value");

        ProblemException wrongType = refuse("{\"recordId\": \"r\", \"fields\": [\"secret-looking-value\"]}");
        assertThat(wrongType.type()).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(wrongType.errors()).extracting(FieldProblem::field).containsExactly("fields");
        assertThat(wrongType.errors().toString()).doesNotContain("secret-looking-value");

        String full = TestRegistry.json(TestRegistry.record("reader"));
        ProblemException unknown = refuse(full.substring(0, full.length() - 1) + ", \"extra\": 1}");
        assertThat(unknown.type()).isEqualTo(ProblemType.INVALID_RECORD);
        assertThat(unknown.errors()).containsExactly(new FieldProblem("extra", "unknown property"));

        ProblemException batch = catchThrowableOfType(ProblemException.class, () -> reader.readBatch(
                "{\"records\": [{\"recordId\": \"a\"}, null]}".getBytes(StandardCharsets.UTF_8), 10));
        assertThat(batch.errors()).extracting(FieldProblem::field).first().asString().startsWith("records[0]");
    }

    @Test
    void verifierFieldNamesBecomeJsonPaths() {
        assertThat(SubmissionReader.fieldPath("schemaVersion")).isEqualTo("schemaVersion");
        assertThat(SubmissionReader.fieldPath("sex")).isEqualTo("fields.sex");
        assertThat(SubmissionReader.fieldPath("onsetMonths.square")).isEqualTo("fields.onsetMonths.square");
    }

    @Test
    void batchSizeIsBounded() {
        String one = TestRegistry.json(TestRegistry.record("reader"));
        ProblemException tooMany = catchThrowableOfType(ProblemException.class, () -> reader.readBatch(
                ("{\"records\": [" + one + "," + one + "]}").getBytes(StandardCharsets.UTF_8), 1));
        assertThat(tooMany.type()).isEqualTo(ProblemType.INVALID_RECORD);
        assertThat(tooMany.errors()).extracting(FieldProblem::field).containsExactly("records");
        assertThat(reader.readBatch(("{\"records\": [" + one + "]}").getBytes(StandardCharsets.UTF_8), 1)).hasSize(1);
        assertThat(List.of(tooMany.detail())).allMatch(d -> d.contains("at most 1"));
    }
}

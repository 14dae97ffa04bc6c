package org.rdregistry.compute.consult.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.compute.consult.ConsultFixtures.CHA;
import static org.rdregistry.compute.consult.ConsultFixtures.GHENT;
import static org.rdregistry.compute.consult.ConsultFixtures.PUBLISHED;
import static org.rdregistry.compute.consult.ConsultFixtures.json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.compute.TestRegistry;
import org.rdregistry.compute.consult.ConsultFixtures;
import org.rdregistry.compute.consult.ConsultFixtures.Consultation;
import org.rdregistry.compute.consult.ModelCatalog;
import org.rdregistry.compute.streams.JsonSerde;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ModelScore;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.registry.consult.ScoreSet;
import org.rdregistry.registry.topics.Topics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The scorer's sub-topology on Kafka's TopologyTestDriver (no broker), with real submissions encrypted
 * under the test-only dealt key: the published scores decrypt (with the dealer's whole secret) to the
 * plaintext points of the answers.
 */
class ScorerTopologyTest {

    static final String CASES = "cases";
    static final String SCORES = "scores";

    static Consultation both;
    static Consultation other;

    @TempDir
    Path stateDir;

    SimpleMeterRegistry meters;
    ModelCatalog catalog;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> cases;
    TestOutputTopic<String, ScoreSet> scores;

    @BeforeAll
    static void consultations() {
        both = ConsultFixtures.consultation(1, CHA, GHENT);
        other = ConsultFixtures.consultation(2, CHA);
    }

    @BeforeEach
    void start() {
        meters = new SimpleMeterRegistry();
        catalog = ModelCatalog.withShipped();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scorer-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        CaseScorer scorer = new CaseScorer(TestRegistry.DEALER_KEY.publicKey(), catalog, Duration.ofMillis(200));
        driver = new TopologyTestDriver(ScorerTopology.topology(CASES, SCORES, scorer, new ScorerMetrics(meters)), props);
        cases = driver.createInputTopic(CASES, new StringSerializer(), new ByteArraySerializer());
        scores = driver.createOutputTopic(SCORES, new StringDeserializer(), new JsonSerde<>(ScoreSet.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aSubmittedCaseGetsEveryChosenModelScoredAndTheScoresDecryptToThePoints() {
        cases.pipeInput(both.id(), json(both.submitted()));

        List<KeyValue<String, ScoreSet>> out = scores.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo(both.id());
        ScoreSet set = out.get(0).value;
        assertThat(set.consultationId()).isEqualTo(both.id());
        assertThat(set.scores()).extracting(ModelScore::model).containsExactly(CHA.ref(), GHENT.ref());
        assertThat(TestRegistry.decrypt(set.scores().get(0).score())).isEqualTo(both.points(CHA));
        assertThat(TestRegistry.decrypt(set.scores().get(1).score())).isEqualTo(both.points(GHENT));
        // deterministic: exactly what a trustee recomputes from the same submission
        assertThat(set.scores()).isEqualTo(ScoreEvaluator.scores(TestRegistry.GROUP, both.submission(), catalog.all()));
        assertThat(counter("consult.scorer.scored")).isEqualTo(1);
        assertThat(meters.get("consult.scorer.scoring").timer().count()).isEqualTo(1);
    }

    @Test
    void aModelPublishedOnTheModelsTopicIsScoredToo() {
        Consultation published = ConsultFixtures.consultation(0, PUBLISHED, CHA);
        catalog.apply(PUBLISHED.ref().toString(), json(PUBLISHED));

        cases.pipeInput(published.id(), json(published.submitted()));

        ScoreSet set = scores.readValue();
        assertThat(set.scores()).extracting(ModelScore::model).containsExactly(PUBLISHED.ref(), CHA.ref());
        assertThat(TestRegistry.decrypt(set.scores().get(0).score())).isEqualTo(published.points(PUBLISHED)).isEqualTo(5);
        assertThat(TestRegistry.decrypt(set.scores().get(1).score())).isEqualTo(published.points(CHA));
    }

    @Test
    void laterStatusesAndTheSweepersKeyAreIgnoredAndAPurgeTombstonesTheScores() {
        cases.pipeInput(other.id(), json(new ConsultationCase(other.submission(), other.submitted().submittedAt(),
                other.submitted().expiresAt(), ConsultationCase.Status.OPEN, null)));
        cases.pipeInput(Topics.CONSULT_SWEEP_KEY, (byte[]) null);
        assertThat(scores.isEmpty()).isTrue();

        cases.pipeInput(other.id(), (byte[]) null);

        KeyValue<String, ScoreSet> tombstone = scores.readKeyValue();
        assertThat(tombstone.key).isEqualTo(other.id());
        assertThat(tombstone.value).isNull();
        assertThat(scores.isEmpty()).isTrue();
        assertThat(counter("consult.scorer.scored")).isZero();
    }

    @Test
    void anInvalidSubmissionGetsNoScoreAndIsCountedByReason() {
        // answers copied from another consultation: their proofs are bound to the other id
        ConsultationCase tampered = new ConsultationCase(ConsultFixtures.withAnswersOf(both.submission(),
                other.submission()), both.submitted().submittedAt(), both.submitted().expiresAt(),
                ConsultationCase.Status.SUBMITTED, null);
        cases.pipeInput(both.id(), json(tampered));
        cases.pipeInput(both.id(), "{\"not\": \"a case\"}".getBytes(StandardCharsets.UTF_8));
        cases.pipeInput(other.id(), json(both.submitted()));                      // under another id
        Consultation unknown = ConsultFixtures.consultation(0, PUBLISHED);         // model never published here
        cases.pipeInput(unknown.id(), json(unknown.submitted()));

        assertThat(scores.isEmpty()).isTrue();
        assertThat(counter("consult.scorer.rejected", "reason", "invalid-submission")).isEqualTo(1);
        assertThat(counter("consult.scorer.rejected", "reason", "malformed")).isEqualTo(1);
        assertThat(counter("consult.scorer.rejected", "reason", "key-mismatch")).isEqualTo(1);
        assertThat(counter("consult.scorer.rejected", "reason", "unknown-model")).isEqualTo(1);
        assertThat(counter("consult.scorer.scored")).isZero();

        // the valid case still scores afterwards: nothing poisoned the stream
        cases.pipeInput(both.id(), json(both.submitted()));
        assertThat(scores.readValue().consultationId()).isEqualTo(both.id());
    }

    private double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }
}

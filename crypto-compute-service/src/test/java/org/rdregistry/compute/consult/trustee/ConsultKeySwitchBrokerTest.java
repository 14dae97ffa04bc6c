package org.rdregistry.compute.consult.trustee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rdregistry.compute.TestRegistry.DEAL;
import static org.rdregistry.compute.TestRegistry.GROUP;
import static org.rdregistry.compute.consult.ConsultFixtures.CHA;
import static org.rdregistry.compute.consult.ConsultFixtures.GHENT;
import static org.rdregistry.compute.consult.ConsultFixtures.PUBLISHED;
import static org.rdregistry.compute.consult.ConsultFixtures.json;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.compute.consult.ConsultFixtures;
import org.rdregistry.compute.consult.ConsultFixtures.Consultation;
import org.rdregistry.compute.consult.ConsultProperties;
import org.rdregistry.compute.consult.TopicFollower;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchResult;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.ConsultTrusteeMessage.Reason;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.KeySwitchRequest.Item;
import org.rdregistry.registry.consult.KeySwitchRequest.Purpose;
import org.rdregistry.registry.consult.ModelScore;
import org.rdregistry.registry.consult.PurgeMarker;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Trustees 1 and 2 of the dealt 2-of-3 key, each with its own view, answer consultation key-switch
 * requests over the real broker (topics with a unique prefix). The test acts as consultation-service:
 * it writes cases, purge markers and requests, reads the answers, combines the shares with public data
 * only and decrypts with the patient's or the expert's key.
 */
class ConsultKeySwitchBrokerTest {

    static final ConsultProperties CONSULT = new ConsultProperties(true, KafkaTestBroker.uniqueName("ks") + ".",
            Duration.ofSeconds(4), Duration.ofSeconds(2));
    /** A small discrete-log table (scores are small): the default one takes seconds to build. */
    static final ElGamal ELGAMAL = new ElGamal(GROUP, org.rdregistry.compute.TestRegistry.DISCRETE_LOG);
    static final Map<String, List<ConsultTrusteeMessage>> ANSWERS = new ConcurrentHashMap<>();

    static final List<ConsultTrusteeConfiguration.Assembly> TRUSTEES = new ArrayList<>();
    static final List<SimpleMeterRegistry> METERS = new ArrayList<>();
    static KafkaProducer<String, byte[]> producer;
    static TopicFollower answers;
    /** A valid case (one model) that the refusal tests leave as it is. */
    static Consultation valid;

    @BeforeAll
    static void start() throws Exception {
        KafkaTestBroker kafka = KafkaTestBroker.get();
        kafka.createTopics(CONSULT.newTopics(-1));
        Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        write(Topics.CONSULT_MODELS, PUBLISHED.ref().toString(), json(PUBLISHED));
        valid = ConsultFixtures.consultation(3, CHA);
        write(Topics.CONSULT_CASES, valid.id(), json(valid.submitted()));

        for (int i = 1; i <= 2; i++) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ConsultTrusteeConfiguration.Assembly t = ConsultTrusteeConfiguration.assemble(kafka.clientProperties(),
                    kafka.clientProperties(), KafkaTestBroker.uniqueName("consult-trustee-" + i), CONSULT, DEAL.share(i),
                    meters, Clock.systemUTC(), null);
            t.listener().start();
            TRUSTEES.add(t);
            METERS.add(meters);
        }
        answers = new TopicFollower(kafka.clientProperties(), KafkaTestBroker.uniqueName("answers"),
                CONSULT.topic(Topics.CONSULT_TRUSTEE_MESSAGES), r -> {
                    ConsultTrusteeMessage m = RegistryJson.mapper().readValue(r.value(), ConsultTrusteeMessage.class);
                    assertThat(r.key()).isEqualTo(m.consultationId());
                    ANSWERS.computeIfAbsent(String.valueOf(m.requestId()), k -> new CopyOnWriteArrayList<>()).add(m);
                });
        answers.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> TRUSTEES.stream().allMatch(t -> t.listener().answering()));
    }

    @AfterAll
    static void stop() {
        TRUSTEES.forEach(t -> t.listener().stop());
        if (answers != null) {
            answers.stop();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void aPatientRequestAnsweredByTwoTrusteesCombinesToScoresThePatientKeyDecrypts() throws Exception {
        Consultation c = ConsultFixtures.consultation(1, CHA, GHENT);
        write(Topics.CONSULT_CASES, c.id(), json(c.submitted()));
        KeySwitchRequest request = new KeySwitchRequest("patient-1", c.id(), Purpose.PATIENT, null,
                c.patient().publicKey(), scoreItems(c));
        write(Topics.CONSULT_KEYSWITCH_REQUESTS, c.id(), json(request));

        List<Ciphertext> switched = combine(request, shares(1, request), shares(2, request));

        ElGamal elgamal = ELGAMAL;
        assertThat(elgamal.decrypt(c.patient(), switched.get(0))).isEqualTo(c.points(CHA));
        assertThat(elgamal.decrypt(c.patient(), switched.get(1))).isEqualTo(c.points(GHENT));
        assertThat(counter(1, "consult.trustee.requests", "purpose", "patient", "outcome", "accepted")).isPositive();
    }

    @Test
    void anExpertRequestForTheCurrentLeaseLetsTheExpertOpenTheHistoryAndReadTheScores() throws Exception {
        Consultation c = ConsultFixtures.consultation(2, CHA, PUBLISHED);   // PUBLISHED comes from the models topic
        KeyPair expert = KeyPair.generate(GROUP);
        write(Topics.CONSULT_CASES, c.id(), json(c.claimed("lease-1", expert.publicKey(), Instant.now().plusSeconds(900))));
        List<Item> items = new ArrayList<>(scoreItems(c));
        items.add(new Item(ConsultContexts.HISTORY_KEY_ITEM, c.submission().history().encryptedKeyPoint()));
        KeySwitchRequest request = new KeySwitchRequest("expert-1", c.id(), Purpose.EXPERT, "lease-1",
                expert.publicKey(), items);
        write(Topics.CONSULT_KEYSWITCH_REQUESTS, c.id(), json(request));

        List<Ciphertext> switched = combine(request, shares(1, request), shares(2, request));

        ElGamal elgamal = ELGAMAL;
        assertThat(elgamal.decrypt(expert, switched.get(0))).isEqualTo(c.points(CHA));
        assertThat(elgamal.decrypt(expert, switched.get(1))).isEqualTo(c.points(PUBLISHED));
        byte[] history = c.submission().history().open(expert, switched.get(2), ConsultContexts.HISTORY_LABEL,
                ConsultContexts.historyAad(c.id()));
        assertThat(new String(history, StandardCharsets.UTF_8)).isEqualTo(ConsultFixtures.HISTORY);
    }

    @Test
    void aRequestArrivingBeforeTheCaseIsAnsweredOnceTheCaseArrives() throws Exception {
        Consultation c = ConsultFixtures.consultation(4, CHA);
        KeySwitchRequest request = new KeySwitchRequest("early-1", c.id(), Purpose.PATIENT, null,
                c.patient().publicKey(), scoreItems(c));
        write(Topics.CONSULT_KEYSWITCH_REQUESTS, c.id(), json(request));
        await().atMost(Duration.ofSeconds(30)).until(() -> TRUSTEES.get(0).view().waitingFor(c.id()));

        write(Topics.CONSULT_CASES, c.id(), json(c.submitted()));

        List<Ciphertext> switched = combine(request, shares(1, request), shares(2, request));
        assertThat(ELGAMAL.decrypt(c.patient(), switched.get(0))).isEqualTo(c.points(CHA));
    }

    @Test
    void aPurgedConsultationIsRefusedByMarkerAndByTombstone() throws Exception {
        Consultation marked = ConsultFixtures.consultation(0, CHA);
        Consultation tombstoned = ConsultFixtures.consultation(1, CHA);
        write(Topics.CONSULT_CASES, marked.id(), json(marked.submitted()));
        write(Topics.CONSULT_CASES, tombstoned.id(), json(tombstoned.submitted()));
        await().atMost(Duration.ofSeconds(30)).until(() -> TRUSTEES.get(0).view().entry(tombstoned.id()) != null);
        // the marker alone (the case is still on the topic) and the case tombstone alone each purge
        write(Topics.CONSULT_PURGED, marked.id(), json(new PurgeMarker(marked.id(), Instant.now(),
                PurgeMarker.Reason.ACKNOWLEDGED)));
        write(Topics.CONSULT_CASES, tombstoned.id(), null);

        assertRefused(ask(new KeySwitchRequest("purged-1", marked.id(), Purpose.PATIENT, null,
                marked.patient().publicKey(), scoreItems(marked))), Reason.PURGED);
        assertRefused(ask(new KeySwitchRequest("purged-2", tombstoned.id(), Purpose.PATIENT, null,
                tombstoned.patient().publicKey(), scoreItems(tombstoned))), Reason.PURGED);
        // a case written again after the purge is not taken back
        write(Topics.CONSULT_CASES, tombstoned.id(), json(tombstoned.submitted()));
        assertRefused(ask(new KeySwitchRequest("purged-3", tombstoned.id(), Purpose.PATIENT, null,
                tombstoned.patient().publicKey(), scoreItems(tombstoned))), Reason.PURGED);
        assertThat(TRUSTEES.get(0).view().entry(tombstoned.id())).isNull();
    }

    @Test
    void aConsultationTheTrusteeNeverSeesIsUnknown() throws Exception {
        Consultation never = new Consultation(org.rdregistry.registry.consult.ConsultationEncryptor.newConsultationId(),
                valid.patient(), valid.answers(), valid.submission());
        assertRefused(ask(new KeySwitchRequest("unknown-1", never.id(), Purpose.PATIENT, null,
                valid.patient().publicKey(), scoreItems(valid))), Reason.UNKNOWN_CONSULTATION);
    }

    @Test
    void aTamperedSubmissionIsRefused() throws Exception {
        Consultation c = ConsultFixtures.consultation(2, CHA);
        ConsultationCase tampered = new ConsultationCase(ConsultFixtures.withAnswersOf(c.submission(), valid.submission()),
                Instant.now(), Instant.now().plusSeconds(3600), ConsultationCase.Status.SUBMITTED, null);
        write(Topics.CONSULT_CASES, c.id(), json(tampered));

        // the scores a compromised service would compute from the swapped answers
        List<Item> items = List.of(new Item(ConsultContexts.scoreItem(CHA.ref()),
                ScoreEvaluator.score(GROUP, CHA, tampered.submission().models().get(0).features())));
        assertRefused(ask(new KeySwitchRequest("tampered-1", c.id(), Purpose.PATIENT, null, c.patient().publicKey(),
                items)), Reason.INVALID_SUBMISSION);
    }

    @Test
    void aForgedScoreItemIsNotRecomputable() throws Exception {
        Ciphertext score = scoreItems(valid).get(0).ciphertext();
        List<Item> forged = List.of(new Item(ConsultContexts.scoreItem(CHA.ref()), score.addPlaintext(GROUP, 1).normalize()));
        assertRefused(ask(new KeySwitchRequest("forged-1", valid.id(), Purpose.PATIENT, null,
                valid.patient().publicKey(), forged)), Reason.NOT_RECOMPUTABLE);
        // a model the patient did not choose, and the history key under a score's name
        List<Item> notChosen = List.of(new Item(ConsultContexts.scoreItem(GHENT.ref()), score));
        assertRefused(ask(new KeySwitchRequest("forged-2", valid.id(), Purpose.PATIENT, null,
                valid.patient().publicKey(), notChosen)), Reason.NOT_RECOMPUTABLE);
        List<Item> renamed = List.of(new Item(ConsultContexts.scoreItem(CHA.ref()),
                valid.submission().history().encryptedKeyPoint()));
        assertRefused(ask(new KeySwitchRequest("forged-3", valid.id(), Purpose.PATIENT, null,
                valid.patient().publicKey(), renamed)), Reason.NOT_RECOMPUTABLE);
    }

    @Test
    void theHistoryKeyIsNotAllowedInAPatientRequest() throws Exception {
        List<Item> items = new ArrayList<>(scoreItems(valid));
        items.add(new Item(ConsultContexts.HISTORY_KEY_ITEM, valid.submission().history().encryptedKeyPoint()));
        assertRefused(ask(new KeySwitchRequest("history-1", valid.id(), Purpose.PATIENT, null,
                valid.patient().publicKey(), items)), Reason.NOT_ALLOWED);
    }

    @Test
    void aPatientRequestToAnotherKeyIsTheWrongTarget() throws Exception {
        PublicKey other = KeyPair.generate(GROUP).publicKey();
        assertRefused(ask(new KeySwitchRequest("target-1", valid.id(), Purpose.PATIENT, null, other, scoreItems(valid))),
                Reason.WRONG_TARGET);
        // an expert request on a case nobody claimed
        assertRefused(ask(new KeySwitchRequest("target-2", valid.id(), Purpose.EXPERT, "lease-x", other,
                scoreItems(valid))), Reason.WRONG_TARGET);
    }

    @Test
    void anExpiredLeaseIsTheWrongTarget() throws Exception {
        Consultation c = ConsultFixtures.consultation(3, CHA);
        KeyPair expert = KeyPair.generate(GROUP);
        write(Topics.CONSULT_CASES, c.id(), json(c.claimed("lease-old", expert.publicKey(),
                Instant.now().minusSeconds(60))));
        assertRefused(ask(new KeySwitchRequest("expired-1", c.id(), Purpose.EXPERT, "lease-old", expert.publicKey(),
                scoreItems(c))), Reason.WRONG_TARGET);
    }

    @Test
    void anOldLeaseIdAndAKeyOtherThanTheLeasesAreTheWrongTarget() throws Exception {
        Consultation c = ConsultFixtures.consultation(4, CHA);
        KeyPair first = KeyPair.generate(GROUP);
        KeyPair second = KeyPair.generate(GROUP);
        write(Topics.CONSULT_CASES, c.id(), json(c.claimed("lease-a", first.publicKey(), Instant.now().plusSeconds(900))));
        write(Topics.CONSULT_CASES, c.id(), json(c.claimed("lease-b", second.publicKey(), Instant.now().plusSeconds(900))));

        assertRefused(ask(new KeySwitchRequest("old-lease-1", c.id(), Purpose.EXPERT, "lease-a", first.publicKey(),
                scoreItems(c))), Reason.WRONG_TARGET);
        assertRefused(ask(new KeySwitchRequest("old-lease-2", c.id(), Purpose.EXPERT, "lease-b", first.publicKey(),
                scoreItems(c))), Reason.WRONG_TARGET);
        // the current lease with its own key is answered
        KeySwitchRequest current = new KeySwitchRequest("old-lease-3", c.id(), Purpose.EXPERT, "lease-b",
                second.publicKey(), scoreItems(c));
        assertThat(ask(current)).isInstanceOf(ConsultTrusteeMessage.Shares.class);
    }

    @Test
    void malformedRequestsAreRefused() throws Exception {
        write(Topics.CONSULT_KEYSWITCH_REQUESTS, valid.id(),
                ("{\"requestId\":\"malformed-1\",\"consultationId\":\"" + valid.id() + "\"}").getBytes(StandardCharsets.UTF_8));
        assertRefused(answer(1, "malformed-1"), Reason.MALFORMED);
        // under another consultation's key
        KeySwitchRequest elsewhere = new KeySwitchRequest("malformed-2", valid.id(), Purpose.PATIENT, null,
                valid.patient().publicKey(), scoreItems(valid));
        String otherId = org.rdregistry.registry.consult.ConsultationEncryptor.newConsultationId();
        write(Topics.CONSULT_KEYSWITCH_REQUESTS, otherId, json(elsewhere));
        ConsultTrusteeMessage refusal = answer(1, "malformed-2");
        assertRefused(refusal, Reason.MALFORMED);
        assertThat(refusal.consultationId()).isEqualTo(otherId);
        // no items
        assertRefused(ask(new KeySwitchRequest("malformed-3", valid.id(), Purpose.PATIENT, null,
                valid.patient().publicKey(), List.of())), Reason.MALFORMED);
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** The score items consultation-service would send: the scorer's (deterministic) scores of every chosen model. */
    static List<Item> scoreItems(Consultation c) {
        Map<org.rdregistry.registry.consult.ModelRef, ScoringModel> models = Map.of(CHA.ref(), CHA, GHENT.ref(), GHENT,
                PUBLISHED.ref(), PUBLISHED);
        List<Item> items = new ArrayList<>();
        for (ModelScore s : ScoreEvaluator.scores(GROUP, c.submission(), models)) {
            items.add(new Item(ConsultContexts.scoreItem(s.model()), s.score()));
        }
        return items;
    }

    static void write(org.rdregistry.registry.topics.TopicSpec topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(CONSULT.topic(topic), key, value)).get();
    }

    /** Sends the request and returns trustee 1's answer. */
    static ConsultTrusteeMessage ask(KeySwitchRequest request) throws Exception {
        write(Topics.CONSULT_KEYSWITCH_REQUESTS, request.consultationId(), json(request));
        return answer(1, request.requestId());
    }

    static ConsultTrusteeMessage answer(int trustee, String requestId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> ANSWERS.getOrDefault(requestId, List.of()).stream()
                .filter(m -> m.trustee() == trustee).findFirst().orElse(null), m -> m != null);
    }

    static ConsultTrusteeMessage.Shares shares(int trustee, KeySwitchRequest request) {
        ConsultTrusteeMessage m = answer(trustee, request.requestId());
        assertThat(m).as("answer of trustee " + trustee).isInstanceOf(ConsultTrusteeMessage.Shares.class);
        ConsultTrusteeMessage.Shares s = (ConsultTrusteeMessage.Shares) m;
        assertThat(s.consultationId()).isEqualTo(request.consultationId());
        assertThat(s.shares()).hasSize(request.items().size());
        return s;
    }

    /** Verifies and combines the shares of every item with public data only, as consultation-service does. */
    static List<Ciphertext> combine(KeySwitchRequest request, ConsultTrusteeMessage.Shares... answers) {
        KeySwitchCombiner combiner = new KeySwitchCombiner(DEAL.jointKey());
        List<Ciphertext> out = new ArrayList<>();
        for (int k = 0; k < request.items().size(); k++) {
            Item item = request.items().get(k);
            ProofContext context = ConsultContexts.keySwitch(request.consultationId(), request.requestId(), item.name());
            List<KeySwitchShare> shares = new ArrayList<>();
            for (ConsultTrusteeMessage.Shares a : answers) {
                shares.add(a.shares().get(k));
            }
            KeySwitchResult result = combiner.combine(item.ciphertext(), request.target(), context, shares);
            assertThat(result.invalidShares()).as("invalid shares of item " + item.name()).isEmpty();
            out.add(result.ciphertext());
        }
        return out;
    }

    static void assertRefused(ConsultTrusteeMessage answer, Reason reason) {
        assertThat(answer).isInstanceOf(ConsultTrusteeMessage.Refusal.class);
        assertThat(((ConsultTrusteeMessage.Refusal) answer).reason()).isEqualTo(reason);
        assertThat(counter(1, "consult.trustee.refusals", "reason", reason.name().toLowerCase(java.util.Locale.ROOT)))
                .isPositive();
    }

    static double counter(int trustee, String name, String... tags) {
        return METERS.get(trustee - 1).get(name).tags(tags).counter().count();
    }
}

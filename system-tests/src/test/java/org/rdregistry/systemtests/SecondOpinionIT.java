package org.rdregistry.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.devissuer.DevIssuer;
import org.rdregistry.hospital.consult.ConsultationClient;
import org.rdregistry.hospital.http.RegistryHttpException;
import org.rdregistry.hospital.consult.DecryptedScore;
import org.rdregistry.hospital.consult.ExpertCase;
import org.rdregistry.hospital.consult.ExpertSession;
import org.rdregistry.hospital.consult.PatientSession;
import org.rdregistry.hospital.consult.SubmitResult;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.TopicSpec;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.rdregistry.trustee.keystore.TrusteeShareFile;

/**
 * The second opinion end to end with every party as its own process, as deployed: the scorer
 * (crypto-compute-service, aggregator role), three trustees of a 2-of-3 key (crypto-compute-service,
 * trustee role, each with its own encrypted share file) and consultation-service, on the real broker;
 * the test is the patient and two experts, over real HTTP with the client library.
 */
class SecondOpinionIT {

    static final GroupContext GROUP = GroupContext.p256();
    static final String PASSPHRASE = "second-opinion-it " + KafkaTestBroker.uniqueName("p");
    static final ModelRef CHA = ModelRef.parse("cha2ds2-vasc@1");
    static final ModelRef GHENT = ModelRef.parse("ghent-marfan-systemic@1");

    static ServiceProcesses processes;
    static ServiceProcesses.Service consultation;
    static TestOnlyTrustedDealer.Deal deal;
    static Path work;
    static String prefix;
    static String patientToken;
    static String expertToken;
    static String otherExpertToken;
    static KafkaTestBroker kafka;

    @BeforeAll
    static void startTheServices() throws Exception {
        kafka = KafkaTestBroker.get();
        prefix = KafkaTestBroker.uniqueName("so-it") + ".";
        work = Files.createDirectories(Path.of("target", "it", prefix.replace(".", ""))).toAbsolutePath();
        // tight compaction bounds so the test can watch purged bytes disappear (production: Topics.CONSULT_BOUNDED)
        Map<String, String> tight = Map.of("segment.ms", "1000", "max.compaction.lag.ms", "1000",
                "delete.retention.ms", "1000", "min.cleanable.dirty.ratio", "0.01", "file.delete.delay.ms", "1000");
        for (TopicSpec spec : Topics.consultations()) {
            Map<String, String> configs = new HashMap<>(spec.configs());
            if ("compact".equals(configs.get("cleanup.policy")) && spec != Topics.CONSULT_MODELS
                    && spec != Topics.CONSULT_PURGED) {
                configs.putAll(tight);
            }
            kafka.createTopic(prefix + spec.name(), spec.partitions(), configs);
        }

        deal = TestOnlyTrustedDealer.deal(GROUP, 2, 3);
        Path jointKey = Files.writeString(work.resolve("joint-key.json"), Wire.toJson(deal.jointKey()));
        Path registryKey = Files.writeString(work.resolve("registry-key.json"), Wire.toJson(deal.jointKey().publicKey()));
        Path passphrase = Files.writeString(work.resolve("passphrase"), PASSPHRASE + "\n");
        Files.setPosixFilePermissions(passphrase, PosixFilePermissions.fromString("rw-------"));
        DevIssuer issuer = DevIssuer.generate();
        Path issuerDir = work.resolve("issuer");
        issuer.writeTo(issuerDir);
        patientToken = issuer.mint("patient-1", List.of("patient"), Duration.ofHours(1));
        expertToken = issuer.mint("expert-a", List.of("expert"), Map.of("specialties", List.of("cardiology")),
                Duration.ofHours(1));
        otherExpertToken = issuer.mint("expert-b", List.of("expert"), Map.of("specialties", List.of("cardiology")),
                Duration.ofHours(1));

        processes = new ServiceProcesses(work);
        Path compute = ServiceProcesses.jar("crypto-compute-service", "crypto-compute-service");
        String bootstrap = "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers();
        List<String> computeCommon = List.of(bootstrap, "--registry.key-file=" + registryKey,
                "--consult.topic-prefix=" + prefix,
                "--compute.records-topic=" + prefix + Topics.RECORDS.name(),
                "--compute.aggregates-topic=" + prefix + Topics.AGGREGATES.name(),
                "--compute.stream-threads=1", "--compute.internal-replication-factor=1",
                "--compute.topic-replication-factor=1");
        List<String> scorer = new ArrayList<>(computeCommon);
        scorer.addAll(List.of("--compute.application-id=" + prefix + "scorer",
                "--compute.state-dir=" + work.resolve("scorer-state")));
        processes.start("scorer", compute, scorer);
        for (int i = 1; i <= 3; i++) {
            Path share = work.resolve("share-" + i + ".json");
            TrusteeShareFile.write(share, deal.share(i), PASSPHRASE.toCharArray());
            List<String> trustee = new ArrayList<>(computeCommon);
            trustee.addAll(List.of("--compute.role=trustee", "--trustee.index=" + i,
                    "--trustee.share-file=" + share, "--trustee.passphrase-file=" + passphrase,
                    "--trustee.requests-topic=" + prefix + Topics.RELEASE_REQUESTS.name(),
                    "--trustee.messages-topic=" + prefix + Topics.TRUSTEE_MESSAGES.name(),
                    "--compute.application-id=" + prefix + "trustee-" + i,
                    "--compute.state-dir=" + work.resolve("trustee-" + i + "-state")));
            processes.start("trustee-" + i, compute, trustee);
        }
        consultation = processes.start("consultation-service",
                ServiceProcesses.jar("consultation-service", "consultation-service"), List.of(bootstrap,
                        "--consult.topic-prefix=" + prefix,
                        "--consult.joint-key-file=" + jointKey,
                        "--consult.state-dir=" + work.resolve("consultation-state"),
                        "--consult.sweep-interval=PT1S",
                        "--consult.topic-overrides.segment.ms=1000",
                        "--consult.topic-overrides.max.compaction.lag.ms=1000",
                        "--consult.topic-overrides.delete.retention.ms=1000",
                        "--consult.topic-overrides.min.cleanable.dirty.ratio=0.01",
                        "--consult.topic-overrides.file.delete.delay.ms=1000",
                        "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:"
                                + issuerDir.resolve("public.pem")));
        processes.awaitReady();
    }

    @AfterAll
    static void stopTheServices() {
        if (processes != null) {
            processes.close();
        }
    }

    static ConsultationClient client(String token) {
        return new ConsultationClient(URI.create(consultation.url()), () -> token);
    }

    @Test
    void scoresReadByThePatientEqualThePlaintextModelsAndOnlyTheClaimingExpertReadsTheCase() throws Exception {
        KeyPair patientKey = KeyPair.generate(GROUP);
        PatientSession patient = new PatientSession(client(patientToken), patientKey, Duration.ofMillis(100));
        Map<ModelRef, ScoringModel> models = patient.publishedModels();
        SecureRandom random = new SecureRandom();

        // random patients through the whole pipeline: each decrypted score equals the plaintext computation
        List<SubmitResult> submitted = new ArrayList<>();
        List<Map<ModelRef, Map<String, String>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<ModelRef, Map<String, String>> a = new LinkedHashMap<>();
            a.put(CHA, random(models.get(CHA), random));
            a.put(GHENT, random(models.get(GHENT), random));
            answers.add(a);
            submitted.add(patient.submit(deal.jointKey().publicKey(),
                    "cardiology", a, ("history " + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < submitted.size(); i++) {
            List<DecryptedScore> scores = patient.awaitScores(submitted.get(i).consultationId(),
                    submitted.get(i).accessCredential(), Duration.ofMinutes(2));
            Map<ModelRef, Integer> got = new HashMap<>();
            scores.forEach(s -> got.put(s.model(), s.points()));
            assertThat(got).as("patient " + i).containsExactlyInAnyOrderEntriesOf(Map.of(
                    CHA, models.get(CHA).points(answers.get(i).get(CHA)),
                    GHENT, models.get(GHENT).points(answers.get(i).get(GHENT))));
        }

        // the first case: expert A claims it, B is refused, A reads history and scores, answers; the patient
        // reads the opinion and acknowledges; afterwards everything about it is gone
        SubmitResult first = submitted.get(0);
        ExpertSession expertA = new ExpertSession(client(expertToken), KeyPair.generate(GROUP), Duration.ofMillis(100));
        ExpertSession expertB = new ExpertSession(client(otherExpertToken), KeyPair.generate(GROUP),
                Duration.ofMillis(100));
        assertThat(expertA.queue("cardiology")).anyMatch(e -> e.consultationId().equals(first.consultationId()));
        expertA.claim(first.consultationId());
        assertThat(status(() -> expertB.claim(first.consultationId()))).isEqualTo(409);
        assertThat(status(() -> expertB.view(first.consultationId()))).isIn(403, 404);
        ExpertCase opened = expertA.awaitCase(first.consultationId(), Duration.ofMinutes(2));
        assertThat(new String(opened.history(), StandardCharsets.UTF_8)).isEqualTo("history 0");
        assertThat(opened.scores()).extracting(DecryptedScore::points).containsExactlyInAnyOrder(
                models.get(CHA).points(answers.get(0).get(CHA)), models.get(GHENT).points(answers.get(0).get(GHENT)));
        expertA.answer(first.consultationId(), "see a cardiologist within 4 weeks".getBytes(StandardCharsets.UTF_8));
        byte[] opinion = patient.awaitOpinion(first.consultationId(), first.accessCredential(), Duration.ofMinutes(1));
        assertThat(new String(opinion, StandardCharsets.UTF_8)).isEqualTo("see a cardiologist within 4 weeks");
        assertThat(status(() -> patient.status(first.consultationId(), "wrong-credential"))).isEqualTo(404);
        assertThat(status(() -> new PatientSession(client("not-a-token"), patientKey)
                .status(first.consultationId(), first.accessCredential()))).isEqualTo(401);

        patient.acknowledge(first.consultationId(), first.accessCredential());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(status(() -> patient.status(first.consultationId(), first.accessCredential())))
                        .isEqualTo(404));

        // every trustee refuses any further operation on the purged consultation
        ConsultationSubmission replay = new ConsultationEncryptor(deal.jointKey().publicKey(),
                List.copyOf(models.values())).encrypt(first.consultationId(), "cardiology", patientKey.publicKey(),
                answers.get(0), new byte[] {1});
        KeySwitchRequest request = new KeySwitchRequest("after-purge", first.consultationId(),
                KeySwitchRequest.Purpose.PATIENT, null, patientKey.publicKey(), List.of(new KeySwitchRequest.Item(
                ConsultContexts.scoreItem(CHA), ScoreEvaluator.score(GROUP, models.get(CHA),
                        replay.models().get(0).features()))));
        try (Messages messages = new Messages(prefix + Topics.CONSULT_TRUSTEE_MESSAGES.name());
             KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(prefix + Topics.CONSULT_KEYSWITCH_REQUESTS.name(),
                    first.consultationId(), RegistryJson.mapper().writeValueAsBytes(request))).get();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> messages.refusals("after-purge").size() == 3);
            assertThat(messages.refusals("after-purge")).allSatisfy(r ->
                    assertThat(r.reason()).isEqualTo(ConsultTrusteeMessage.Reason.PURGED));
            assertThat(messages.all()).noneMatch(m -> m.requestId().equals("after-purge")
                    && m instanceof ConsultTrusteeMessage.Shares);
        }
        for (int i = 1; i < submitted.size(); i++) {
            patient.withdraw(submitted.get(i).consultationId(), submitted.get(i).accessCredential());
        }
    }

    @Test
    void aPurgedConsultationLeavesNoBytesOnTheBrokerOrInAnyServicesState() throws Exception {
        KeyPair patientKey = KeyPair.generate(GROUP);
        PatientSession patient = new PatientSession(client(patientToken), patientKey, Duration.ofMillis(100));
        Map<ModelRef, ScoringModel> models = patient.publishedModels();
        String canary = "CANARY-" + KafkaTestBroker.uniqueName("x") + "-history";
        String id = ConsultationEncryptor.newConsultationId();
        ConsultationSubmission submission = new ConsultationEncryptor(deal.jointKey().publicKey(),
                List.copyOf(models.values())).encrypt(id, "cardiology", patientKey.publicKey(),
                Map.of(CHA, random(models.get(CHA), new SecureRandom())), canary.getBytes(StandardCharsets.UTF_8));
        SubmitResult submitted = client(patientToken).submit(submission);
        patient.awaitScores(id, submitted.accessCredential(), Duration.ofMinutes(2));

        // the canaries: the sealed history as it is stored (its AES-GCM bytes raw and in the JSON's base64),
        // and the plaintext, which must never be anywhere at all
        byte[] sealed = submission.history().ciphertext();
        byte[] raw = java.util.Arrays.copyOf(sealed, 24);
        String json = RegistryJson.mapper().writeValueAsString(submission);
        String historyJson = RegistryJson.mapper().readTree(json).get("history").toString();
        byte[] inJson = historyJson.substring(historyJson.length() / 2, historyJson.length() / 2 + 40)
                .getBytes(StandardCharsets.US_ASCII);
        List<Path> roots = new ArrayList<>(kafka.logDirs());
        roots.add(work);
        assertThat(kafka.logDirsAccessible()).as("this test reads the broker's log directories").isTrue();
        assertThat(CanaryScan.find(roots, List.of(inJson))).as("the scan finds the stored consultation").isNotEmpty();
        assertThat(CanaryScan.find(roots, List.of(canary.getBytes(StandardCharsets.UTF_8)))).isEmpty();

        patient.withdraw(id, submitted.accessCredential());
        Awaitility.await("purged bytes compacted away").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> CanaryScan.find(roots, List.of(inJson, raw, canary.getBytes(StandardCharsets.UTF_8)))
                        .isEmpty());
        assertThat(status(() -> patient.status(id, submitted.accessCredential()))).isEqualTo(404);
    }

    /** The HTTP status of the problem the call ends with (it must fail). */
    static int status(Runnable call) {
        try {
            call.run();
        } catch (RegistryHttpException e) {
            return e.status();
        }
        throw new AssertionError("the call succeeded");
    }

    static Map<String, String> random(ScoringModel model, SecureRandom random) {
        Map<String, String> a = new LinkedHashMap<>();
        for (ScoringModel.Feature f : model.features()) {
            a.put(f.name(), f.categories().get(random.nextInt(f.categories().size())).label());
        }
        return a;
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads the consult trustee-messages topic in the background. */
    static final class Messages implements AutoCloseable {
        private final List<ConsultTrusteeMessage> messages = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Messages(String topic) {
            Map<String, Object> props = kafka.clientProperties();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < Topics.CONSULT_PARTITIONS; p++) {
                parts.add(new TopicPartition(topic, p));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            if (r.value() != null && !Topics.CONSULT_SWEEP_KEY.equals(r.key())) {
                                messages.add(RegistryJson.mapper().readValue(r.value(), ConsultTrusteeMessage.class));
                            }
                        }
                    }
                }
            }, "consult-trustee-messages");
            thread.setDaemon(true);
            thread.start();
        }

        List<ConsultTrusteeMessage> all() {
            return List.copyOf(messages);
        }

        List<ConsultTrusteeMessage.Refusal> refusals(String requestId) {
            Map<Integer, ConsultTrusteeMessage.Refusal> byTrustee = new ConcurrentHashMap<>();
            for (ConsultTrusteeMessage m : messages) {
                if (m.requestId().equals(requestId) && m instanceof ConsultTrusteeMessage.Refusal r) {
                    byTrustee.put(r.trustee(), r);
                }
            }
            return List.copyOf(byTrustee.values());
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}

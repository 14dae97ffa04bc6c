package org.rdregistry.demo.consult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.demo.CliException;
import org.rdregistry.demo.DemoCli;
import org.rdregistry.hospital.consult.ConsultationClient;
import org.rdregistry.hospital.consult.DecryptedScore;
import org.rdregistry.hospital.consult.ExpertCase;
import org.rdregistry.hospital.consult.ExpertSession;
import org.rdregistry.hospital.consult.JointKeyFile;
import org.rdregistry.hospital.consult.PatientSession;
import org.rdregistry.hospital.consult.SubmitResult;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Second-opinion latency benchmark on a running stack (issue 5): for each of N synthetic consultations,
 * the time from POST to scores decrypted by the patient, and from claim to history and scores
 * decrypted by the expert (both including the trustees' key switch and the client's decryption; the
 * client's encryption happens before the clock starts and is reported separately). Every decrypted
 * score is checked against the plaintext computation and every history against what was sent. Each
 * consultation is answered and acknowledged (purged) at the end, so the queue stays clean.
 */
@Command(name = "consult-bench", mixinStandardHelpOptions = true,
        description = "Second-opinion latency benchmark: submission -> scores readable by the patient, claim -> "
                + "history readable by the expert")
public final class ConsultBenchCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, description = "consultation-service base URL")
    String url;

    @Option(names = "--patient-token-file", required = true, description = "JWT with role patient")
    Path patientTokenFile;

    @Option(names = "--expert-token-file", required = true, description = "JWT with role expert and the specialty")
    Path expertTokenFile;

    @Option(names = "--joint-key", required = true, description = "ceremony-result.json or joint key file")
    Path jointKeyFile;

    @Option(names = "--consultations", defaultValue = "30", description = "how many (default ${DEFAULT-VALUE})")
    int consultations;

    @Option(names = "--poll-ms", defaultValue = "20", description = "client poll interval (default ${DEFAULT-VALUE})")
    int pollMs;

    @Override
    public Integer call() throws Exception {
        if (consultations < 1) {
            throw new CliException("--consultations must be at least 1");
        }
        PublicKey jointKey = JointKeyFile.read(jointKeyFile);
        GroupContext group = jointKey.group();
        String patientToken = Files.readString(patientTokenFile).strip();
        String expertToken = Files.readString(expertTokenFile).strip();
        ConsultationClient patientClient = new ConsultationClient(java.net.URI.create(url), () -> patientToken);
        ConsultationClient expertClient = new ConsultationClient(java.net.URI.create(url), () -> expertToken);
        Duration poll = Duration.ofMillis(pollMs);
        KeyPair patientKey = KeyPair.generate(group);
        KeyPair expertKey = KeyPair.generate(group);
        PatientSession patient = new PatientSession(patientClient, patientKey, poll);
        ExpertSession expert = new ExpertSession(expertClient, expertKey, poll);
        Map<ModelRef, ScoringModel> models = patient.publishedModels();
        ScoringModel cha = model(models, "cha2ds2-vasc@1");
        ScoringModel ghent = model(models, "ghent-marfan-systemic@1");
        ConsultationEncryptor encryptor = new ConsultationEncryptor(jointKey, List.copyOf(models.values()));
        SecureRandom random = new SecureRandom();

        long[] toScores = new long[consultations];
        long[] toHistory = new long[consultations];
        long encryptNanos = 0;
        int wrong = 0;
        Duration timeout = Duration.ofMinutes(2);
        for (int i = 0; i < consultations; i++) {
            Map<ModelRef, Map<String, String>> answers = new LinkedHashMap<>();
            answers.put(cha.ref(), randomAnswers(cha, random));
            answers.put(ghent.ref(), randomAnswers(ghent, random));
            byte[] history = ("synthetic history " + i + " " + random.nextLong()).getBytes(StandardCharsets.UTF_8);
            long e0 = System.nanoTime();
            ConsultationSubmission submission = encryptor.encrypt(ConsultationEncryptor.newConsultationId(),
                    "cardiology", patientKey.publicKey(), answers, history);
            encryptNanos += System.nanoTime() - e0;

            long t0 = System.nanoTime();
            SubmitResult submitted = patientClient.submit(submission);
            List<DecryptedScore> scores = patient.awaitScores(submitted.consultationId(),
                    submitted.accessCredential(), timeout);
            toScores[i] = System.nanoTime() - t0;
            wrong += mismatches(scores, answers, models);

            long t1 = System.nanoTime();
            expert.claim(submitted.consultationId());
            ExpertCase opened = expert.awaitCase(submitted.consultationId(), timeout);
            toHistory[i] = System.nanoTime() - t1;
            if (!Arrays.equals(opened.history(), history)) {
                wrong++;
            }
            wrong += mismatches(opened.scores(), answers, models);

            expert.answer(submitted.consultationId(), ("opinion " + i).getBytes(StandardCharsets.UTF_8));
            Optional<byte[]> opinion = Optional.of(patient.awaitOpinion(submitted.consultationId(),
                    submitted.accessCredential(), timeout));
            if (!new String(opinion.get(), StandardCharsets.UTF_8).equals("opinion " + i)) {
                wrong++;
            }
            patient.acknowledge(submitted.consultationId(), submitted.accessCredential());
        }
        System.out.printf("consultations:                         %d (2 models each: CHA2DS2-VASc, Ghent systemic)%n",
                consultations);
        System.out.printf("client encryption:                     %.1f ms per consultation (before the clock)%n",
                encryptNanos / 1e6 / consultations);
        print("submission -> scores readable (patient)", toScores);
        print("claim -> history readable (expert)     ", toHistory);
        System.out.printf("checks:                                %s (%d mismatches)%n", wrong == 0 ? "PASS" : "FAIL",
                wrong);
        return wrong == 0 ? DemoCli.OK : DemoCli.MISMATCH;
    }

    private static ScoringModel model(Map<ModelRef, ScoringModel> models, String ref) {
        ScoringModel m = models.get(ModelRef.parse(ref));
        if (m == null) {
            throw new CliException("the service does not publish " + ref);
        }
        return m;
    }

    private static Map<String, String> randomAnswers(ScoringModel model, SecureRandom random) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (ScoringModel.Feature f : model.features()) {
            answers.put(f.name(), f.categories().get(random.nextInt(f.categories().size())).label());
        }
        return answers;
    }

    private static int mismatches(List<DecryptedScore> scores, Map<ModelRef, Map<String, String>> answers,
                                  Map<ModelRef, ScoringModel> models) {
        int wrong = scores.size() == answers.size() ? 0 : 1;
        for (DecryptedScore s : scores) {
            Map<String, String> a = answers.get(s.model());
            if (a == null || models.get(s.model()).points(a) != s.points()) {
                wrong++;
            }
        }
        return wrong;
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n", what,
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }
}

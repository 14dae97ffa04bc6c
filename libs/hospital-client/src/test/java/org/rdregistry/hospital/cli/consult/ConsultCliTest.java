package org.rdregistry.hospital.cli.consult;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.hospital.cli.RegistryCli;
import org.rdregistry.hospital.consult.TestConsultationService;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;
import org.rdregistry.registry.events.RegistryJson;

/**
 * {@code registry consult|expert|model ...} in-process (picocli's execute with captured streams) against
 * the test consultation-service over real HTTP, with real key files and real crypto.
 */
class ConsultCliTest {

    static final String PASSPHRASE = "correct horse battery staple";
    static final String HISTORY = "Tall, long fingers, lens dislocation at 12; canary-history-91c2";
    static final String OPINION = "Findings are consistent with Marfan syndrome; canary-opinion-5d0e";
    static final String ANY_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    static TestConsultationService service;

    @TempDir
    Path dir;
    final List<Run> runs = new ArrayList<>();

    record Run(int code, String out, String err) {
        String lastLine() {
            List<String> lines = out.lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        service = new TestConsultationService();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void passphraseFromTheEnvironment() {
        KeyOptions.environment = name -> name.equals(KeyOptions.ENV) ? PASSPHRASE : null;
        KeyOptions.terminal = prompt -> null;
        service.scoresAfterPolls = 0;
        service.expertViewAfterPolls = 0;
    }

    @AfterEach
    void restore() {
        KeyOptions.environment = System::getenv;
        KeyOptions.terminal = prompt -> null;
    }

    Run registry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RegistryCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        Run run = new Run(code, out.toString(), err.toString());
        runs.add(run);
        return run;
    }

    String[] with(String token, String... args) throws IOException {
        Path tokenFile = dir.resolve("token-" + Integer.toHexString(token.hashCode()));
        if (!Files.exists(tokenFile)) {
            Files.writeString(tokenFile, token + "\n");
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", service.baseUrl().toString(), "--token-file", tokenFile.toString()));
        return all.toArray(String[]::new);
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    Path jointKeyFile() throws IOException {
        // as in a ceremony-result.json: the joint key under "jointKey"
        return write("ceremony-result.json", "{\"jointKey\":" + Wire.toJson(service.deal.jointKey()) + "}\n");
    }

    static String answersJson(ScoringModel m, int vector) {
        return RegistryJson.mapper().writeValueAsString(Map.of(m.ref().toString(), m.testVectors().get(vector).answers()));
    }

    static void assertOneLineError(Run r, int code, String... contains) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
        assertThat(r.err()).contains(contains);
    }

    @Test
    void wholeSecondOpinionOnTheCommandLine() throws IOException {
        String patient = service.patientToken;
        Path patientKey = dir.resolve("patient.key");
        Path expertKey = dir.resolve("expert.key");
        assertThat(registry("consult", "keygen", "--key", patientKey.toString()).code()).isZero();
        Run keygen = registry("expert", "keygen", "--key", expertKey.toString());
        assertThat(keygen.out()).contains("public key fingerprint (SHA-256): ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(patientKey))).isEqualTo("rw-------");

        assertThat(registry(with(patient, "consult", "models")).out()).contains("cha2ds2-vasc@1", "ghent-marfan-systemic@1");
        ScoringModel ghent = ScoringModels.shipped().get(1);
        Run show = registry(with(patient, "consult", "models", ghent.ref().toString()));
        assertThat(show.out()).contains("answers-file template", "\"" + ghent.features().get(0).name() + "\"");

        Path answers = write("answers.json", answersJson(ghent, 1));
        Path history = write("history.txt", HISTORY);
        service.scoresAfterPolls = 3;
        Run submit = registry(with(patient, "consult", "submit", "--key", patientKey.toString(), "--specialty",
                "medical-genetics", "--answers", answers.toString(), "--history", history.toString(), "--joint-key",
                jointKeyFile().toString()));
        assertThat(submit.code()).as(submit.toString()).isZero();
        String id = submit.lastLine();
        Path credential = dir.resolve("consultation-" + id + ".credential");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credential))).isEqualTo("rw-------");
        String secret = RegistryJson.mapper().readTree(Files.readString(credential)).get("accessCredential").stringValue();
        assertThat(submit.out()).contains("submitted (SUBMITTED)", credential.toString()).doesNotContain(secret);
        assertThat(submit.err()).isEmpty();

        assertThat(registry(with(patient, "consult", "status", id, "--key", patientKey.toString())).out())
                .contains("consultation " + id + ": SUBMITTED", "scores:    not yet");
        assertOneLineError(registry(with(patient, "consult", "scores", id, "--key", patientKey.toString())), 5,
                "no scores yet");
        Run scores = registry(with(patient, "consult", "scores", id, "--key", patientKey.toString(), "--wait", "30s",
                "--poll-interval", "20ms"));
        assertThat(scores.code()).as(scores.toString()).isZero();
        assertThat(scores.out()).contains("ghent-marfan-systemic@1", "score 7 (possible 0 to 20)");

        String expert = service.expertToken;
        assertThat(registry(with(expert, "expert", "queue", "--specialty", "medical-genetics")).out()).contains(id);
        Run claim = registry(with(expert, "expert", "claim", id, "--key", expertKey.toString()));
        assertThat(claim.out()).as(claim.toString()).contains("claimed consultation " + id + ": lease ");
        Path rivalKey = dir.resolve("rival.key");
        registry("expert", "keygen", "--key", rivalKey.toString());
        assertOneLineError(registry(with(service.otherExpertToken, "expert", "claim", id, "--key", rivalKey.toString())),
                1, "HTTP 403"); // not a geneticist
        Path opinion = write("opinion.txt", OPINION);

        service.expertViewAfterPolls = 1;
        assertOneLineError(registry(with(expert, "expert", "read", id, "--key", expertKey.toString())), 5,
                "not switched the case to your key yet");
        Run read = registry(with(expert, "expert", "read", id, "--key", expertKey.toString(), "--wait", "30s",
                "--poll-interval", "20ms"));
        assertThat(read.code()).as(read.toString()).isZero();
        assertThat(read.out()).contains("history:\n" + HISTORY, "score 7 (possible 0 to 20)");
        Run answer = registry(with(expert, "expert", "answer", id, "--opinion", opinion.toString()));
        assertThat(answer.out()).as(answer.toString()).contains("sent, encrypted to the patient's key");

        Run follow = registry(with(patient, "consult", "status", id, "--key", patientKey.toString(), "--follow"));
        assertThat(follow.out()).as(follow.toString()).isEqualTo("ANSWERED: scores available, opinion available\n");
        Run shown = registry(with(patient, "consult", "opinion", id, "--key", patientKey.toString()));
        assertThat(shown.out()).as(shown.toString()).contains(OPINION);
        Path copy = Files.copy(credential, dir.resolve("copy.credential"));
        Run ack = registry(with(patient, "consult", "ack", id, "--key", patientKey.toString()));
        assertThat(ack.out()).as(ack.toString()).contains("acknowledged: purged by the service");
        assertThat(credential).doesNotExist();
        assertThat(service.isPurged(id)).isTrue();
        assertOneLineError(registry(with(patient, "consult", "status", id, "--credential-file", copy.toString())), 6,
                "HTTP 404");

        for (Run r : runs) {
            String all = r.out() + r.err();
            assertThat(all).doesNotContain(secret).doesNotContain(PASSPHRASE);
            if (r != read) {
                assertThat(all).doesNotContain("canary-history");
            }
            if (r != shown) {
                assertThat(all).doesNotContain("canary-opinion");
            }
        }
    }

    @Test
    void conflictingClaimExits7AndWithdrawPurges() throws IOException {
        Path patientKey = dir.resolve("p.key");
        registry("consult", "keygen", "--key", patientKey.toString());
        ScoringModel cha = ScoringModels.shipped().get(0);
        Path credential = dir.resolve("my.credential");
        ScoringModel ghent = ScoringModels.shipped().get(1);
        String both = RegistryJson.mapper().writeValueAsString(Map.of(cha.ref().toString(), cha.testVectors().get(2)
                .answers(), ghent.ref().toString(), ghent.testVectors().get(0).answers()));
        Run submit = registry(with(service.patientToken, "consult", "submit", "--key", patientKey.toString(),
                "--specialty", "cardiology", "--answers", write("a.json", both).toString(), "--history",
                write("h.txt", "x").toString(), "--joint-key", write("joint.json", Wire.toJson(service.deal.jointKey()))
                        .toString(), "--credential-file", credential.toString(), "--print-credential"));
        assertThat(submit.code()).as(submit.toString()).isZero();
        String id = submit.lastLine();
        String secret = RegistryJson.mapper().readTree(Files.readString(credential)).get("accessCredential").stringValue();
        assertThat(submit.out()).contains("access credential: " + secret); // asked for
        assertThat(submit.err()).isEqualTo("warning: model ghent-marfan-systemic@1 belongs to medical-genetics, not "
                + "cardiology\n");
        registry(with(service.patientToken, "consult", "scores", id, "--key", patientKey.toString(), "--credential-file",
                credential.toString())); // the service switches the scores: the case is OPEN

        Path k1 = dir.resolve("e1.key");
        Path k2 = dir.resolve("e2.key");
        registry("expert", "keygen", "--key", k1.toString());
        registry("expert", "keygen", "--key", k2.toString());
        assertThat(registry(with(service.expertToken, "expert", "claim", id, "--key", k1.toString())).code()).isZero();
        assertOneLineError(registry(with(service.otherExpertToken, "expert", "claim", id, "--key", k2.toString())), 7,
                "registry expert claim: POST /api/v1/consultations/" + id + "/claim: HTTP 409 - Conflict: the "
                        + "consultation is already claimed");

        Run withdraw = registry(with(service.patientToken, "consult", "withdraw", id, "--credential-file",
                credential.toString()));
        assertThat(withdraw.out()).as(withdraw.toString()).contains("withdrawn: purged by the service");
        assertThat(credential).doesNotExist();
        assertThat(service.isPurged(id)).isTrue();
    }

    @Test
    void badInputIsOneLineAndSendsNothing() throws IOException {
        Path key = dir.resolve("p.key");
        registry("consult", "keygen", "--key", key.toString());
        assertOneLineError(registry("consult", "keygen", "--key", key.toString()), 1,
                "already exists (it is never overwritten)");
        ScoringModel cha = ScoringModels.shipped().get(0);
        Path good = write("good.json", answersJson(cha, 1));
        Path history = write("h.txt", HISTORY);
        String joint = jointKeyFile().toString();
        int submissions = service.submissions.get();

        assertOneLineError(registry(with(service.patientToken, "consult", "submit", "--key", key.toString(),
                "--specialty", "cardiology", "--answers", write("bad.json", answersJson(cha, 1).replace("75-or-over", "80"))
                        .toString(), "--history", history.toString(), "--joint-key", joint)), 1,
                "registry consult submit: " + dir.resolve("bad.json") + ": model cha2ds2-vasc@1, feature age: unknown "
                        + "category '80' (one of under-65, 65-74, 75-or-over)");
        assertOneLineError(registry(with(service.patientToken, "consult", "submit", "--key", key.toString(),
                "--specialty", "Cardiology!", "--answers", good.toString(), "--history", history.toString(),
                "--joint-key", joint)), 1, "--specialty must be lower-case");
        assertOneLineError(registry(with(service.patientToken, "consult", "submit", "--key", key.toString(),
                "--specialty", "cardiology", "--answers", good.toString(), "--history", history.toString(),
                "--joint-key", write("junk.json", "{\"x\":1}").toString())), 1,
                "holds neither a ceremony result, a joint key nor a registry key");
        assertOneLineError(registry(with(service.patientToken, "consult", "submit", "--key", key.toString(),
                "--specialty", "cardiology", "--answers", good.toString(), "--history", history.toString(),
                "--joint-key", joint, "--joint-key-fingerprint", "00ff")), 1, "has fingerprint");
        assertOneLineError(registry(with(service.patientToken, "consult", "submit", "--key", key.toString(),
                "--specialty", "cardiology", "--answers", good.toString(), "--history", dir.resolve("none.txt").toString(),
                "--joint-key", joint)), 1, "no such file: " + dir.resolve("none.txt"));
        KeyOptions.environment = name -> name.equals(KeyOptions.ENV) ? "not the passphrase" : null;
        assertOneLineError(registry(with(service.patientToken, "consult", "submit", "--key", key.toString(),
                "--specialty", "cardiology", "--answers", good.toString(), "--history", history.toString(),
                "--joint-key", joint)), 1, "wrong passphrase or corrupted key file " + key);
        KeyOptions.environment = name -> null;
        assertOneLineError(registry(with(service.patientToken, "consult", "scores", ANY_ID, "--key",
                key.toString(), "--credential-file", good.toString())), 1, "is not a credential file");
        assertOneLineError(registry("consult", "keygen", "--key", dir.resolve("new.key").toString()), 1,
                "no passphrase: give --passphrase-file FILE, set " + KeyOptions.ENV + ", or run in a terminal");
        assertThat(service.submissions.get()).isEqualTo(submissions);

        assertOneLineError(registry(with(service.patientToken, "consult", "status", "0000", "--key", key.toString())), 1,
                "'0000' is not a consultation id");
        assertOneLineError(registry(with(service.patientToken, "consult", "status", ANY_ID)), 1,
                "give --credential-file FILE, or --key FILE");
        assertOneLineError(registry(with(service.patientToken, "consult", "models", "nothing@1")), 6,
                "HTTP 404 - Not Found: no published model nothing@1");
        assertOneLineError(registry(with(service.patientToken, "consult", "models", "Nothing")), 1,
                "model reference must look like");
        assertOneLineError(registry("consult", "submit", "--key", key.toString()), 1, "Missing required option");
        assertOneLineError(registry("consult", "models", "--url", service.baseUrl().toString(), "--token-file",
                write("empty.jwt", "\n").toString()), 1, "the bearer token is empty");
    }

    @Test
    void publishAndListModels() throws IOException {
        String shipped = new String(ScoringModels.class.getResourceAsStream("/consult-models/cha2ds2-vasc.v1.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        Path model = write("model.json", shipped.replace("\"cha2ds2-vasc\"", "\"cli-test-score\""));
        String expert = service.expertToken;
        Run publish = registry(with(expert, "model", "publish", "--file", model.toString()));
        assertThat(publish.out()).as(publish.toString()).contains("published cli-test-score@1 (cardiology, 7 features, "
                + "5 test vectors checked)");
        assertThat(registry(with(expert, "model", "publish", "--file", model.toString())).out())
                .contains("already published with the same content: cli-test-score@1");
        assertThat(registry(with(expert, "model", "list", "--specialty", "cardiology")).out())
                .contains("cli-test-score@1").doesNotContain("ghent");
        assertThat(registry(with(expert, "model", "show", "cli-test-score@1")).out())
                .contains("congestive-heart-failure", "- yes (1 point)", "from 2: 2 or more: high risk");

        Path changed = write("changed.json", Files.readString(model).replace("CHA2DS2-VASc score", "Another score"));
        assertOneLineError(registry(with(expert, "model", "publish", "--file", changed.toString())), 7,
                "HTTP 409 - Conflict: model cli-test-score@1 is published with other content");
        int posts = service.modelPosts.get();
        Path wrongVector = write("wrong.json", shipped.replace("\"cha2ds2-vasc\"", "\"cli-other\"")
                .replace("\"points\": 9", "\"points\": 8"));
        assertOneLineError(registry(with(expert, "model", "publish", "--file", wrongVector.toString())), 1,
                "test vector 'woman aged 75 or over with every risk factor (maximum)' expects 8 points but the model gives 9");
        assertOneLineError(registry(with(expert, "model", "publish", "--file", write("bad.json", "{\"id\":\"x\"}")
                .toString())), 1, "invalid model");
        assertThat(service.modelPosts.get()).isEqualTo(posts);
        assertOneLineError(registry(with(service.patientToken, "model", "publish", "--file", model.toString())), 1,
                "HTTP 403");
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Run help = registry("--help");
        assertThat(help.out()).contains("consult", "expert", "model", "5   consult/expert: not there yet",
                "6   consult/expert/model: not found", "7   consult/expert/model: conflict");
    }
}

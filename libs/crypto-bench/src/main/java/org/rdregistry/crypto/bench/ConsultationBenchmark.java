package org.rdregistry.crypto.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchResult;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ConsultationVerifier;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ModelScore;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;

/**
 * The second-opinion flow's crypto on P-256 with a 2-of-3 dealt joint key (issue 5): what a patient's
 * client pays to encrypt and prove a consultation (CHA2DS2-VASc: 7 features, 15 one-hot cells;
 * revised Ghent systemic score: 13 features, 32 cells; each with a 4 KB history blob), what
 * consultation-service, the scorer and each trustee pay to verify one (one batch), the homomorphic
 * evaluation of both models' scores, one trustee's key-switch share of a score, and the combination of
 * 2 shares (verifying both proofs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ConsultationBenchmark {

    static final ModelRef CHA = ModelRef.parse("cha2ds2-vasc@1");
    static final ModelRef GHENT = ModelRef.parse("ghent-marfan-systemic@1");

    private GroupContext group;
    private TestOnlyTrustedDealer.Deal deal;
    private Map<ModelRef, ScoringModel> models;
    private ConsultationEncryptor encryptor;
    private ConsultationVerifier verifier;
    private KeyPair patient;
    private byte[] history;
    private Map<ModelRef, Map<String, String>> chaAnswers;
    private Map<ModelRef, Map<String, String>> ghentAnswers;
    private ConsultationSubmission chaSubmission;
    private ConsultationSubmission ghentSubmission;
    private ConsultationSubmission bothSubmission;
    private Ciphertext score;
    private ProofContext switchContext;
    private List<KeySwitchShare> shares;
    private KeySwitchCombiner combiner;

    @Setup(Level.Trial)
    public void setUp() {
        group = GroupContext.p256();
        deal = TestOnlyTrustedDealer.deal(group, 2, 3);
        models = ScoringModels.shipped().stream().collect(Collectors.toMap(ScoringModel::ref, Function.identity()));
        encryptor = new ConsultationEncryptor(deal.jointKey().publicKey(), List.copyOf(models.values()));
        verifier = new ConsultationVerifier(deal.jointKey().publicKey(), models::get);
        patient = KeyPair.generate(group);
        history = "synthetic de-identified history. ".repeat(124).getBytes(StandardCharsets.UTF_8); // 4,092 bytes
        chaAnswers = Map.of(CHA, models.get(CHA).testVectors().get(1).answers());
        ghentAnswers = Map.of(GHENT, models.get(GHENT).testVectors().get(1).answers());
        chaSubmission = encrypt(chaAnswers);
        ghentSubmission = encrypt(ghentAnswers);
        Map<ModelRef, Map<String, String>> both = new LinkedHashMap<>(chaAnswers);
        both.putAll(ghentAnswers);
        bothSubmission = encrypt(both);
        requireValid(chaSubmission);
        requireValid(ghentSubmission);
        requireValid(bothSubmission);
        score = ScoreEvaluator.scores(group, chaSubmission, models).get(0).score();
        switchContext = ConsultContexts.keySwitch(chaSubmission.consultationId(), "request-1",
                ConsultContexts.scoreItem(CHA));
        shares = List.of(KeySwitch.createShare(deal.share(1), score, patient.publicKey(), switchContext),
                KeySwitch.createShare(deal.share(3), score, patient.publicKey(), switchContext));
        combiner = new KeySwitchCombiner(deal.jointKey());
    }

    private ConsultationSubmission encrypt(Map<ModelRef, Map<String, String>> answers) {
        return encryptor.encrypt(ConsultationEncryptor.newConsultationId(), "cardiology", patient.publicKey(), answers,
                history);
    }

    private void requireValid(ConsultationSubmission s) {
        List<ConsultationVerifier.Problem> problems = verifier.verify(s);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("benchmark consultation must verify: " + problems);
        }
    }

    @Benchmark
    public ConsultationSubmission encryptCha2ds2Vasc() {
        return encrypt(chaAnswers);
    }

    @Benchmark
    public ConsultationSubmission encryptGhent() {
        return encrypt(ghentAnswers);
    }

    @Benchmark
    public List<ConsultationVerifier.Problem> verifyCha2ds2Vasc() {
        return verifier.verify(chaSubmission);
    }

    @Benchmark
    public List<ConsultationVerifier.Problem> verifyGhent() {
        return verifier.verify(ghentSubmission);
    }

    /** Both models in one consultation (20 features, 47 cells): the scorer's and each trustee's check. */
    @Benchmark
    public List<ConsultationVerifier.Problem> verifyBothModels() {
        return verifier.verify(bothSubmission);
    }

    /** Both models' encrypted scores: 47 plaintext-by-ciphertext multiplications by small points, and additions. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<ModelScore> evaluateBothScores() {
        return ScoreEvaluator.scores(group, bothSubmission, models);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public KeySwitchShare keySwitchShare() {
        return KeySwitch.createShare(deal.share(2), score, patient.publicKey(), switchContext);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public KeySwitchResult keySwitchVerifyAndCombine2() {
        return combiner.combine(score, patient.publicKey(), switchContext, shares);
    }
}

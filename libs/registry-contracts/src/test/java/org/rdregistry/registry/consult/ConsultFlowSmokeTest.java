package org.rdregistry.registry.consult;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.events.RegistryJson;

/** The whole consultation crypto path in one JVM: encrypt, verify, score, key-switch, decrypt. */
class ConsultFlowSmokeTest {

    static final GroupContext GROUP = GroupContext.p256();
    static TestOnlyTrustedDealer.Deal deal;
    static Map<ModelRef, ScoringModel> models;

    @BeforeAll
    static void setUp() {
        deal = TestOnlyTrustedDealer.deal(GROUP, 2, 3);
        models = ScoringModels.shipped().stream().collect(Collectors.toMap(ScoringModel::ref, Function.identity()));
    }

    @Test
    void patientReadsKeySwitchedScoresAndExpertOpensHistory() {
        KeyPair patient = KeyPair.generate(GROUP);
        KeyPair expert = KeyPair.generate(GROUP);
        ScoringModel cha = models.get(ModelRef.parse("cha2ds2-vasc@1"));
        ScoringModel.TestVector vector = cha.testVectors().get(1);
        Map<ModelRef, Map<String, String>> answers = new LinkedHashMap<>();
        answers.put(cha.ref(), vector.answers());
        String id = ConsultationEncryptor.newConsultationId();
        ConsultationSubmission s = new ConsultationEncryptor(deal.jointKey().publicKey(), List.copyOf(models.values()))
                .encrypt(id, "cardiology", patient.publicKey(), answers, "canary history".getBytes(StandardCharsets.UTF_8));

        String json = RegistryJson.mapper().writeValueAsString(s);
        ConsultationSubmission back = RegistryJson.mapper().readValue(json, ConsultationSubmission.class);
        ConsultationVerifier verifier = new ConsultationVerifier(deal.jointKey().publicKey(), models::get);
        assertThat(verifier.verify(back)).isEmpty();

        List<ModelScore> scores = ScoreEvaluator.scores(GROUP, back, models);
        Ciphertext toPatient = switchTo(id, "r1", ConsultContexts.scoreItem(cha.ref()), scores.get(0).score(), patient);
        assertThat(new ElGamal(GROUP).decrypt(patient, toPatient)).isEqualTo(vector.points());

        Ciphertext keyForExpert = switchTo(id, "r2", ConsultContexts.HISTORY_KEY_ITEM,
                back.history().encryptedKeyPoint(), expert);
        byte[] history = back.history().open(expert, keyForExpert, ConsultContexts.HISTORY_LABEL,
                ConsultContexts.historyAad(id));
        assertThat(new String(history, StandardCharsets.UTF_8)).isEqualTo("canary history");
    }

    private static Ciphertext switchTo(String id, String request, String item, Ciphertext c, KeyPair target) {
        ProofContext ctx = ConsultContexts.keySwitch(id, request, item);
        List<KeySwitchShare> shares = List.of(KeySwitch.createShare(deal.share(1), c, target.publicKey(), ctx),
                KeySwitch.createShare(deal.share(3), c, target.publicKey(), ctx));
        return new KeySwitchCombiner(deal.jointKey()).combine(c, target.publicKey(), ctx, shares).ciphertext();
    }
}

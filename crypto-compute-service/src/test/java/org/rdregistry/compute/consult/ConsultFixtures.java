package org.rdregistry.compute.consult;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rdregistry.compute.TestRegistry;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.consult.ScoringModels;
import org.rdregistry.registry.events.RegistryJson;

/**
 * Consultations for the scorer and trustee tests: real submissions under the test registry's dealt key
 * (generated at test time), answers from the shipped models' published test vectors.
 */
public final class ConsultFixtures {

    public static final ScoringModel CHA = model("cha2ds2-vasc@1");
    public static final ScoringModel GHENT = model("ghent-marfan-systemic@1");
    /** A model that is not shipped: published on the models topic by the tests. */
    public static final ScoringModel PUBLISHED = new ScoringModel("test-bleeding-risk", 2, "Test bleeding risk",
            "cardiology", "test-only model, no clinical meaning", 1,
            List.of(new ScoringModel.Feature("anaemia", "anaemia present", List.of(
                            new ScoringModel.Category("no", 0), new ScoringModel.Category("yes", 2))),
                    new ScoringModel.Feature("age", "age band", List.of(new ScoringModel.Category("under-65", 0),
                            new ScoringModel.Category("65-74", 1), new ScoringModel.Category("75-plus", 3)))),
            List.of(), List.of());

    public static final String HISTORY = "canary history: no identifiers, test only";

    private ConsultFixtures() {
    }

    /** A shipped model. */
    public static ScoringModel model(String ref) {
        return ScoringModels.shipped().stream().filter(m -> m.ref().equals(ModelRef.parse(ref))).findFirst().orElseThrow();
    }

    /** A patient's consultation: its id, key pair, plaintext answers and the encrypted submission. */
    public record Consultation(String id, KeyPair patient, Map<ModelRef, Map<String, String>> answers,
                               ConsultationSubmission submission) {

        /** The plaintext score of one chosen model. */
        public int points(ScoringModel model) {
            return model.points(answers.get(model.ref()));
        }

        public ConsultationCase submitted() {
            return new ConsultationCase(submission, Instant.now(), Instant.now().plusSeconds(3600),
                    ConsultationCase.Status.SUBMITTED, null);
        }

        public ConsultationCase claimed(String leaseId, PublicKey expertKey, Instant until) {
            return new ConsultationCase(submission, Instant.now(), Instant.now().plusSeconds(3600),
                    ConsultationCase.Status.CLAIMED, new ConsultationCase.Lease(leaseId, "expert-test", expertKey, until));
        }
    }

    /**
     * A new consultation choosing {@code models}, each answered with its test vector number
     * {@code vector} (or, for a model without vectors, the last category of every feature).
     */
    public static Consultation consultation(int vector, ScoringModel... models) {
        KeyPair patient = KeyPair.generate(TestRegistry.GROUP);
        Map<ModelRef, Map<String, String>> answers = new LinkedHashMap<>();
        for (ScoringModel m : models) {
            answers.put(m.ref(), answers(m, vector));
        }
        String id = ConsultationEncryptor.newConsultationId();
        List<ScoringModel> known = List.of(CHA, GHENT, PUBLISHED);
        ConsultationSubmission s = new ConsultationEncryptor(TestRegistry.DEALER_KEY.publicKey(), known)
                .encrypt(id, "cardiology", patient.publicKey(), answers, HISTORY.getBytes(StandardCharsets.UTF_8));
        return new Consultation(id, patient, answers, s);
    }

    private static Map<String, String> answers(ScoringModel m, int vector) {
        if (!m.testVectors().isEmpty()) {
            return m.testVectors().get(vector % m.testVectors().size()).answers();
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (ScoringModel.Feature f : m.features()) {
            answers.put(f.name(), f.categories().get(f.categories().size() - 1).label());
        }
        return answers;
    }

    /** {@code s} with the encrypted answers of {@code donor} (another consultation): proofs bound to the donor's id. */
    public static ConsultationSubmission withAnswersOf(ConsultationSubmission s, ConsultationSubmission donor) {
        return new ConsultationSubmission(s.format(), s.consultationId(), s.specialty(), s.patientKey(), donor.models(),
                s.history(), s.historyKeyProof());
    }

    public static byte[] json(Object value) {
        return RegistryJson.mapper().writeValueAsBytes(value);
    }
}

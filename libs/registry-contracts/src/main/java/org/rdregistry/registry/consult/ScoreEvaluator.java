package org.rdregistry.registry.consult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.proof.OneHotEncryption;

/**
 * The homomorphic evaluation of a points model: score = sum over features and categories of
 * points(category) · Enc(answer bit). Deterministic, so the compute service, every trustee and any
 * verifier obtain the very same ciphertext from the same submission.
 */
public final class ScoreEvaluator {

    private ScoreEvaluator() {
    }

    /** The encrypted score of one model input; the input must match the model (verify first). */
    public static Ciphertext score(GroupContext group, ScoringModel model, Map<String, OneHotEncryption> features) {
        return evaluate(group, model, name -> {
            OneHotEncryption answer = features.get(name);
            return answer == null ? null : answer.ciphertexts();
        });
    }

    /**
     * The same evaluation on bare one-hot ciphertext vectors, without their proofs: for tests that check
     * the arithmetic on many patients without paying for proofs that are not under test.
     */
    static Ciphertext scoreOfCiphertexts(GroupContext group, ScoringModel model,
                                         Map<String, List<Ciphertext>> features) {
        return evaluate(group, model, features::get);
    }

    private static Ciphertext evaluate(GroupContext group, ScoringModel model,
                                       Function<String, List<Ciphertext>> features) {
        Ciphertext sum = Ciphertext.zero(group);
        for (ScoringModel.Feature f : model.features()) {
            List<Ciphertext> answer = features.apply(f.name());
            if (answer == null || answer.size() != f.categories().size()) {
                throw new IllegalArgumentException("input does not match feature " + f.name() + " of " + model.ref());
            }
            for (int c = 0; c < f.categories().size(); c++) {
                int points = f.categories().get(c).points();
                if (points != 0) {
                    sum = sum.add(answer.get(c).multiply(group, points));
                }
            }
        }
        return sum.normalize();
    }

    /** The encrypted scores of every model of a submission, in the submission's order. */
    public static List<ModelScore> scores(GroupContext group, ConsultationSubmission submission,
                                          Map<ModelRef, ScoringModel> models) {
        List<ModelScore> out = new ArrayList<>();
        for (ConsultationSubmission.ModelInput input : submission.models()) {
            ScoringModel model = models.get(input.model());
            if (model == null) {
                throw new IllegalArgumentException("unknown model " + input.model());
            }
            out.add(new ModelScore(input.model(), score(group, model, input.features())));
        }
        return List.copyOf(out);
    }
}

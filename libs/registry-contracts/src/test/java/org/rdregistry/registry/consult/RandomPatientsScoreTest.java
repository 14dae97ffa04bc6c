package org.rdregistry.registry.consult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.registry.consult.ConsultFixtures.GROUP;
import static org.rdregistry.registry.consult.ConsultFixtures.MODELS;
import static org.rdregistry.registry.consult.ConsultFixtures.answersByIndex;
import static org.rdregistry.registry.consult.ConsultFixtures.decrypt;
import static org.rdregistry.registry.consult.ConsultFixtures.oneHotWithoutProofs;
import static org.rdregistry.registry.consult.ConsultFixtures.randomIndices;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdregistry.crypto.elgamal.Ciphertext;

/**
 * 1,000 random patients per shipped model: the homomorphic score (one-hot bits encrypted under the
 * dealt joint key, evaluated, decrypted with the dealer's key) equals the plaintext score. The bits
 * carry no proofs here (proofs are covered by {@link ShippedModelsTest} and the verifier tests) and
 * are built from a pool of encryptions of zero ({@link ConsultFixtures#encryptBit}), which keeps
 * 47,000 cells within a few seconds; patients 0 and 1 are the lowest and highest possible answers.
 */
class RandomPatientsScoreTest {

    static final int PATIENTS = 1_000;

    @ParameterizedTest
    @ValueSource(strings = {"cha2ds2-vasc@1", "ghent-marfan-systemic@1"})
    void homomorphicScoreEqualsPlaintextScore(String ref) {
        ScoringModel model = MODELS.get(ModelRef.parse(ref));
        long seed = new SecureRandom().nextLong();
        Random random = new Random(seed);
        Map<Integer, Integer> histogram = new TreeMap<>();
        for (int p = 0; p < PATIENTS; p++) {
            int[] indices = p == 0 ? lowest(model) : p == 1 ? highest(model) : randomIndices(model, random);
            int plaintext = model.points(answersByIndex(model, indices));
            Map<String, List<Ciphertext>> encrypted = oneHotWithoutProofs(model, indices);
            long homomorphic = decrypt(ScoreEvaluator.scoreOfCiphertexts(GROUP, model, encrypted));
            assertThat(homomorphic).as("patient %d %s (seed %d)", p, Arrays.toString(indices), seed)
                    .isEqualTo(plaintext);
            histogram.merge(plaintext, 1, Integer::sum);
        }
        assertThat(histogram.keySet()).contains(model.minPoints(), model.maxPoints());
        assertThat(histogram.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(PATIENTS);
    }

    private static int[] lowest(ScoringModel model) {
        return model.features().stream().mapToInt(f -> argBest(f, -1)).toArray();
    }

    private static int[] highest(ScoringModel model) {
        return model.features().stream().mapToInt(f -> argBest(f, 1)).toArray();
    }

    private static int argBest(ScoringModel.Feature f, int sign) {
        int best = 0;
        for (int c = 1; c < f.categories().size(); c++) {
            if (sign * f.categories().get(c).points() > sign * f.categories().get(best).points()) {
                best = c;
            }
        }
        return best;
    }
}

package org.rdregistry.registry.consult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;

/**
 * Shared test material: one 2-of-3 dealt joint key per test JVM (generated at test time, never stored),
 * the shipped models, a small discrete-log table (every score here is far below 2^16, and the shared
 * 2^20-entry table would cost seconds to build), and helpers that build answers and submissions.
 */
final class ConsultFixtures {

    static final GroupContext GROUP = GroupContext.p256();
    static final TestOnlyTrustedDealer.Deal DEAL = TestOnlyTrustedDealer.deal(GROUP, 2, 3);
    static final PublicKey JOINT_KEY = DEAL.jointKey().publicKey();
    static final ElGamal ELGAMAL = new ElGamal(GROUP, new DiscreteLog(GROUP, 1 << 10, 1 << 16));
    static final Map<ModelRef, ScoringModel> MODELS = ScoringModels.shipped().stream()
            .collect(Collectors.toMap(ScoringModel::ref, Function.identity()));
    static final ModelRef CHA_REF = ModelRef.parse("cha2ds2-vasc@1");
    static final ModelRef GHENT_REF = ModelRef.parse("ghent-marfan-systemic@1");
    static final ScoringModel CHA = MODELS.get(CHA_REF);
    static final ScoringModel GHENT = MODELS.get(GHENT_REF);
    static final byte[] HISTORY = "synthetic history, no real patient".getBytes(StandardCharsets.UTF_8);

    private ConsultFixtures() {
    }

    static ConsultationEncryptor encryptor() {
        return new ConsultationEncryptor(JOINT_KEY, List.copyOf(MODELS.values()));
    }

    static ConsultationVerifier verifier() {
        return new ConsultationVerifier(JOINT_KEY, MODELS::get);
    }

    /** A proven submission answering each given model. */
    static ConsultationSubmission submit(String id, Map<ModelRef, Map<String, String>> answers) {
        return encryptor().encrypt(id, "cardiology", KeyPair.generate(GROUP).publicKey(), answers, HISTORY);
    }

    static ConsultationSubmission submit(ScoringModel model, Map<String, String> answers) {
        return submit(ConsultationEncryptor.newConsultationId(), Map.of(model.ref(), answers));
    }

    /** Decrypts with the dealer's full key (tests only; in production the trustees key-switch). */
    static long decrypt(Ciphertext c) {
        return ELGAMAL.decrypt(DEAL.keyPair(), c);
    }

    /** Answers choosing the given category index per feature, in the model's feature order. */
    static Map<String, String> answersByIndex(ScoringModel model, int... indices) {
        if (indices.length != model.features().size()) {
            throw new IllegalArgumentException("one index per feature");
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (int i = 0; i < indices.length; i++) {
            ScoringModel.Feature f = model.features().get(i);
            answers.put(f.name(), f.categories().get(indices[i]).label());
        }
        return answers;
    }

    /** A uniformly random answer per feature. */
    static int[] randomIndices(ScoringModel model, Random random) {
        int[] indices = new int[model.features().size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = random.nextInt(model.features().get(i).categories().size());
        }
        return indices;
    }

    /** One-hot ciphertexts without proofs under the joint key (Enc(1) at the chosen index, Enc(0) elsewhere). */
    static Map<String, List<Ciphertext>> oneHotWithoutProofs(ScoringModel model, int[] indices) {
        Map<String, List<Ciphertext>> features = new LinkedHashMap<>();
        for (int i = 0; i < indices.length; i++) {
            ScoringModel.Feature f = model.features().get(i);
            List<Ciphertext> bits = new ArrayList<>(f.categories().size());
            for (int c = 0; c < f.categories().size(); c++) {
                bits.add(encryptBit(c == indices[i]));
            }
            features.put(f.name(), bits);
        }
        return features;
    }

    /** 64 encryptions of zero under the joint key, made once with ElGamal.encrypt. */
    private static final List<Ciphertext> ZERO_POOL = java.util.stream.IntStream.range(0, 64)
            .mapToObj(i -> ELGAMAL.encrypt(JOINT_KEY, 0).ciphertext()).toList();

    /**
     * Enc(b) under the joint key as the sum of three distinct random encryptions of zero from a pool,
     * plus (O, G) for a one: a genuine ElGamal ciphertext (randomness r_i + r_j + r_k, 41,664
     * combinations) for three point additions instead of four scalar multiplications (~250 µs), so that
     * 47,000 cells fit in a second or two on a shared machine. The bulk tests check the evaluator's
     * arithmetic, which does not depend on how the randomness was drawn; ElGamal.encrypt itself is
     * exercised by every proven submission.
     */
    static Ciphertext encryptBit(boolean one) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        int i = random.nextInt(64);
        int j = (i + 1 + random.nextInt(63)) % 64;
        int k;
        do {
            k = random.nextInt(64);
        } while (k == i || k == j);
        Ciphertext c = ZERO_POOL.get(i).add(ZERO_POOL.get(j)).add(ZERO_POOL.get(k));
        return (one ? new Ciphertext(c.alpha(), c.beta().add(GROUP.generator())) : c).normalize();
    }
}

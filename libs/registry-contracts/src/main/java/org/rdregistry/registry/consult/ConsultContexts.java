package org.rdregistry.registry.consult;

import java.nio.charset.StandardCharsets;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.ProofContext;

/**
 * Every proof context, hybrid-encryption label and associated data of the second-opinion flow, in one
 * place: a feature ciphertext, the history blob, an opinion or a key-switch share copied into another
 * consultation, model, feature or request fails verification or decryption.
 */
public final class ConsultContexts {

    /** Label of the history blob (ClaimableBlob under the joint key). */
    public static final String HISTORY_LABEL = "consult/history";
    /** Label of the opinion (SealedBox to the patient's key). */
    public static final String OPINION_LABEL = "consult/opinion";
    /** Version tag of the submission format. */
    public static final String FORMAT = "consult-v1";

    private ConsultContexts() {
    }

    /** Context of one encrypted feature's one-hot proofs. */
    public static ProofContext feature(PublicKey registryKey, String consultationId, ModelRef model, String feature) {
        return ProofContext.of("registry-key", registryKey.encoded())
                .with("format", FORMAT)
                .with("consultation", consultationId)
                .with("model", model.toString())
                .with("feature", feature);
    }

    /** Context of the proof binding the history's Enc(M) to the consultation (ClaimableBlob check H.4). */
    public static ProofContext historyKey(PublicKey registryKey, String consultationId) {
        return ProofContext.of("registry-key", registryKey.encoded())
                .with("format", FORMAT)
                .with("consultation", consultationId)
                .with("part", "history-key");
    }

    /** Context of a key-switch share: binds the share to the consultation, request and item. */
    public static ProofContext keySwitch(String consultationId, String requestId, String item) {
        return ProofContext.of("format", FORMAT)
                .with("consultation", consultationId)
                .with("request", requestId)
                .with("item", item);
    }

    public static byte[] historyAad(String consultationId) {
        return ("consult-v1/history/" + consultationId).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] opinionAad(String consultationId) {
        return ("consult-v1/opinion/" + consultationId).getBytes(StandardCharsets.UTF_8);
    }

    /** Key-switch item name of a model's score. */
    public static String scoreItem(ModelRef model) {
        return "score:" + model;
    }

    /** Key-switch item name of the history blob's key point Enc(M). */
    public static final String HISTORY_KEY_ITEM = "history-key";
}

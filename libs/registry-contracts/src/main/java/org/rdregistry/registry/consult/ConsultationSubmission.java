package org.rdregistry.registry.consult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.proof.OneHotEncryption;

/**
 * What a patient (or referring physician) posts to {@code POST /api/v1/consultations}: ciphertexts and
 * proofs only. The consultation id is chosen by the patient's client (a random UUID) because every
 * proof is bound to it.
 *
 * @param format         {@link ConsultContexts#FORMAT}
 * @param consultationId random UUID, lower case
 * @param specialty      the expert queue asked
 * @param patientKey     the patient's public key: scores and the opinion are encrypted to it
 * @param models         the chosen models with the encrypted one-hot answers to their features
 * @param history        the de-identified free-text history, sealed for whoever claims the case
 * @param historyKeyProof proof of knowledge of the randomness of the history's Enc(M) under
 *                       {@link ConsultContexts#historyKey}: binds Enc(M) to this consultation, so it cannot
 *                       be copied into another one and key-switched to that one's claimant (check H.4)
 */
public record ConsultationSubmission(String format, String consultationId, String specialty, PublicKey patientKey,
                                     List<ModelInput> models, ClaimableBlob history, SchnorrProof historyKeyProof) {

    public static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Upper bound of the sealed history (bytes of AES-GCM ciphertext). */
    public static final int MAX_HISTORY_BYTES = 256 * 1024;
    public static final int MAX_MODELS = 8;

    public ConsultationSubmission {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(consultationId, "consultationId");
        Objects.requireNonNull(specialty, "specialty");
        Objects.requireNonNull(patientKey, "patientKey");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(historyKeyProof, "historyKeyProof");
        models = List.copyOf(Objects.requireNonNull(models, "models"));
    }

    /** The encrypted answers to one model: one one-hot encryption per feature, keyed by feature name. */
    public record ModelInput(ModelRef model, Map<String, OneHotEncryption> features) {
        public ModelInput {
            Objects.requireNonNull(model, "model");
            features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(features,
                    "features")));
            // a JSON null answer would otherwise reach the verifier and the evaluator as a missing value
            features.forEach((name, answer) -> Objects.requireNonNull(answer, "features." + name
                    + " must not be null"));
        }
    }

    public List<ModelRef> modelRefs() {
        return models.stream().map(ModelInput::model).toList();
    }
}

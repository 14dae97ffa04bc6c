package org.rdregistry.registry.consult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.crypto.proof.OneHotEncryption;

/**
 * Patient side: turns answers (category labels per feature, per model) and a de-identified history
 * into a {@link ConsultationSubmission}. Nothing in the result is readable without the trustees: each
 * answer is a proven one-hot vector under the joint key, the history a blob whose key point is
 * encrypted under the joint key.
 */
public final class ConsultationEncryptor {

    private final PublicKey jointKey;
    private final Map<ModelRef, ScoringModel> models;

    public ConsultationEncryptor(PublicKey jointKey, List<ScoringModel> models) {
        this.jointKey = Objects.requireNonNull(jointKey, "jointKey");
        Map<ModelRef, ScoringModel> byRef = new LinkedHashMap<>();
        models.forEach(m -> byRef.put(m.ref(), m));
        this.models = Map.copyOf(byRef);
    }

    /** A fresh consultation id (random UUID). */
    public static String newConsultationId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Encrypts and proves a consultation.
     *
     * @param answers per chosen model, feature name to category label
     * @param history the de-identified free text (the caller removes identifiers)
     * @throws IllegalArgumentException if a model is unknown or an answer does not fit its model
     */
    public ConsultationSubmission encrypt(String consultationId, String specialty, PublicKey patientKey,
                                          Map<ModelRef, Map<String, String>> answers, byte[] history) {
        if (!ConsultationSubmission.ID.matcher(consultationId).matches()) {
            throw new IllegalArgumentException("consultation id must be a lower-case UUID");
        }
        if (answers.isEmpty() || answers.size() > ConsultationSubmission.MAX_MODELS) {
            throw new IllegalArgumentException("choose 1.." + ConsultationSubmission.MAX_MODELS + " models");
        }
        if (history.length > ConsultationSubmission.MAX_HISTORY_BYTES - 16) {
            throw new IllegalArgumentException("history longer than " + (ConsultationSubmission.MAX_HISTORY_BYTES - 16)
                    + " bytes");
        }
        GroupContext group = jointKey.group();
        List<ConsultationSubmission.ModelInput> inputs = new ArrayList<>();
        for (Map.Entry<ModelRef, Map<String, String>> e : answers.entrySet()) {
            ScoringModel model = models.get(e.getKey());
            if (model == null) {
                throw new IllegalArgumentException("unknown model " + e.getKey());
            }
            model.points(e.getValue()); // every feature answered with a known category
            Map<String, OneHotEncryption> features = new LinkedHashMap<>();
            for (ScoringModel.Feature f : model.features()) {
                int category = f.indexOf(e.getValue().get(f.name()));
                features.put(f.name(), OneHotEncryption.prove(group, jointKey,
                        ConsultContexts.feature(jointKey, consultationId, model.ref(), f.name()), category,
                        f.categories().size()));
            }
            inputs.add(new ConsultationSubmission.ModelInput(model.ref(), features));
        }
        ClaimableBlob.Proven blob = ClaimableBlob.sealProven(jointKey, ConsultContexts.HISTORY_LABEL, history,
                ConsultContexts.historyAad(consultationId), ConsultContexts.historyKey(jointKey, consultationId));
        return new ConsultationSubmission(ConsultContexts.FORMAT, consultationId, specialty, patientKey, inputs,
                blob.blob(), blob.keyProof());
    }
}

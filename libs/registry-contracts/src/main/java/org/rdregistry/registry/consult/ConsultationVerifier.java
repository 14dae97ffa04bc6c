package org.rdregistry.registry.consult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.rdregistry.crypto.group.InvalidEncodingException;
import org.rdregistry.crypto.proof.BatchResult;
import org.rdregistry.crypto.proof.BatchVerifier;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.elgamal.PublicKey;

/**
 * Checks a {@link ConsultationSubmission} completely: structure, known models, every feature answered
 * with a one-hot vector of the model's size, every proof (one batch), the history blob on the same
 * curve and within size. Used by consultation-service before accepting, by the scorer and by every
 * trustee before it key-switches a score.
 */
public final class ConsultationVerifier {

    /** One problem, naming the field; carries no plaintext (there is none). */
    public record Problem(String field, String reason) {
    }

    private static final Pattern SPECIALTY = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final PublicKey jointKey;
    private final Function<ModelRef, ScoringModel> models;

    /** @param models looks up a published model, null if unknown */
    public ConsultationVerifier(PublicKey jointKey, Function<ModelRef, ScoringModel> models) {
        this.jointKey = Objects.requireNonNull(jointKey, "jointKey");
        this.models = Objects.requireNonNull(models, "models");
    }

    /** Every problem of the submission; empty if it is valid. */
    public List<Problem> verify(ConsultationSubmission s) {
        List<Problem> problems = structure(s);
        if (!problems.isEmpty()) {
            return problems;
        }
        BatchVerifier verifier = new BatchVerifier(jointKey.group());
        List<String> itemField = new ArrayList<>();
        for (ConsultationSubmission.ModelInput input : s.models()) {
            ScoringModel model = models.apply(input.model());
            for (ScoringModel.Feature f : model.features()) {
                OneHotEncryption answer = input.features().get(f.name());
                verifier.add(answer, jointKey, ConsultContexts.feature(jointKey, s.consultationId(), model.ref(),
                        f.name()), f.categories().size());
                itemField.add("models[" + input.model() + "].features." + f.name());
            }
        }
        BatchResult result = verifier.verify();
        for (BatchResult.Failure f : result.failures()) {
            problems.add(new Problem(itemField.get(f.index()), "proof invalid (check " + f.result().check() + ")"));
        }
        if (!s.history().verifyKeyProof(s.historyKeyProof(), ConsultContexts.historyKey(jointKey, s.consultationId()))
                .valid()) {
            problems.add(new Problem("historyKeyProof", "proof invalid: the history key is not bound to this "
                    + "consultation (check H.4)"));
        }
        return problems;
    }

    private List<Problem> structure(ConsultationSubmission s) {
        List<Problem> p = new ArrayList<>();
        if (!ConsultContexts.FORMAT.equals(s.format())) {
            p.add(new Problem("format", "expected " + ConsultContexts.FORMAT));
            return p;
        }
        if (!ConsultationSubmission.ID.matcher(s.consultationId()).matches()) {
            p.add(new Problem("consultationId", "must be a lower-case UUID"));
        }
        if (!SPECIALTY.matcher(s.specialty()).matches()) {
            p.add(new Problem("specialty", "must be lower-case letters, digits and '-'"));
        }
        if (s.patientKey().group() != jointKey.group() || s.patientKey().point().isInfinity()) {
            p.add(new Problem("patientKey", "not a key on the registry's curve"));
        }
        if (s.models().isEmpty() || s.models().size() > ConsultationSubmission.MAX_MODELS) {
            p.add(new Problem("models", "choose 1.." + ConsultationSubmission.MAX_MODELS + " models"));
        }
        Set<ModelRef> seen = new HashSet<>();
        for (ConsultationSubmission.ModelInput input : s.models()) {
            String field = "models[" + input.model() + "]";
            if (!seen.add(input.model())) {
                p.add(new Problem(field, "model chosen twice"));
                continue;
            }
            ScoringModel model = models.apply(input.model());
            if (model == null) {
                p.add(new Problem(field, "unknown model"));
                continue;
            }
            if (!input.features().keySet().equals(model.names())) {
                p.add(new Problem(field + ".features", "must be exactly " + model.names()));
                continue;
            }
            for (ScoringModel.Feature f : model.features()) {
                if (input.features().get(f.name()).size() != f.categories().size()) {
                    p.add(new Problem(field + ".features." + f.name(), "expected " + f.categories().size()
                            + " ciphertexts"));
                }
            }
        }
        try {
            if (s.history().group() != jointKey.group()) {
                p.add(new Problem("history", "not on the registry's curve"));
            }
        } catch (InvalidEncodingException e) {
            p.add(new Problem("history", "invalid key ciphertext"));
        }
        if (s.history().ciphertext().length > ConsultationSubmission.MAX_HISTORY_BYTES) {
            p.add(new Problem("history", "longer than " + ConsultationSubmission.MAX_HISTORY_BYTES + " bytes"));
        }
        return p;
    }
}

package org.rdregistry.hospital.consult;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PlaintextOutOfRangeException;
import org.rdregistry.crypto.group.InvalidEncodingException;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ModelScore;
import org.rdregistry.registry.consult.ScoringModel;

/**
 * Decrypts key-switched scores with the reader's key. Scores are small (|points| at most
 * {@link ScoringModel#MAX_ABS_POINTS}), so a small discrete-log table (a few kilobytes, built in
 * milliseconds) decodes them, instead of the 2^20-entry default. A score outside its model's range is
 * refused, never shown: a correct evaluation cannot produce one.
 */
final class ScoreDecryption {

    private static final int BABY_STEPS = 128;

    private ScoreDecryption() {
    }

    static List<DecryptedScore> decrypt(KeyPair reader, List<ModelScore> scores, Function<ModelRef, ScoringModel> models) {
        ElGamal elGamal = new ElGamal(reader.group(), new DiscreteLog(reader.group(), BABY_STEPS,
                ScoringModel.MAX_ABS_POINTS));
        List<DecryptedScore> out = new ArrayList<>();
        for (ModelScore s : scores) {
            ScoringModel model = models.apply(s.model());
            long points;
            try {
                points = elGamal.decrypt(reader, s.score());
            } catch (PlaintextOutOfRangeException | InvalidEncodingException e) {
                throw new ConsultationException("the score of " + s.model() + " does not decrypt with this key "
                        + "(is it the key the consultation was submitted or claimed with?)");
            }
            if (points < model.minPoints() || points > model.maxPoints()) {
                throw new ConsultationException("the score of " + s.model() + " lies outside the model's range "
                        + model.minPoints() + ".." + model.maxPoints() + ": not a correct evaluation, or not this key");
            }
            out.add(DecryptedScore.of(model, (int) points));
        }
        return List.copyOf(out);
    }
}

package org.rdregistry.hospital.consult;

import java.math.BigDecimal;
import java.util.Objects;

import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;

/**
 * A model's score decrypted by its reader (the patient or the claiming expert), with the model's
 * published context: integer points, the displayed value points / scale, the possible range and the
 * published meaning of the band the score falls in (null if the model gives none).
 */
public record DecryptedScore(ModelRef model, String title, int points, int scale, int minPoints, int maxPoints,
                             String meaning) {

    public DecryptedScore {
        Objects.requireNonNull(model, "model");
    }

    static DecryptedScore of(ScoringModel model, int points) {
        return new DecryptedScore(model.ref(), model.title(), points, model.scale(), model.minPoints(),
                model.maxPoints(), model.meaning(points));
    }

    /** The score as published: points / scale ({@code 7.5} for 15 half points). */
    public BigDecimal value() {
        return display(points);
    }

    /** "5 (possible 0 to 9)" style text of the value and range. */
    public String valueAndRange() {
        return value().toPlainString() + " (possible " + display(minPoints).toPlainString() + " to "
                + display(maxPoints).toPlainString() + ")";
    }

    private BigDecimal display(int p) {
        BigDecimal v = BigDecimal.valueOf(p).divide(BigDecimal.valueOf(scale), java.math.MathContext.DECIMAL64)
                .stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }
}

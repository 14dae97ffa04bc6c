package org.rdregistry.crypto.dp;

import java.util.Objects;

/**
 * A cohort's total privacy budget (spec §6.6.4), in one of three currencies:
 *
 * <ul>
 *   <li>{@link Kind#ZCDP}: the composed cost must satisfy totalRho &le; limit;
 *   <li>{@link Kind#PURE}: only pure mechanisms are allowed and pureEpsilon &le; limit;
 *   <li>{@link Kind#APPROXIMATE}: the composed cost's (epsilon, delta) bound
 *       ({@link PrivacyCost#epsilon}) must be &le; limit for the given delta.
 * </ul>
 *
 * @param delta the delta of an APPROXIMATE budget; null for the other kinds
 */
public record PrivacyBudget(Kind kind, Rational limit, Rational delta) {

    /** The currency of a budget. */
    public enum Kind {
        ZCDP, PURE, APPROXIMATE
    }

    /** Spec checks N.9 (delta) and N.10 (limit positive). */
    public PrivacyBudget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(limit, "limit");
        if (limit.signum() <= 0) {
            throw new IllegalArgumentException("privacy budget must be positive (check N.10)");
        }
        if (kind == Kind.APPROXIMATE) {
            PrivacyCost.requireDelta(delta);
        } else if (delta != null) {
            throw new IllegalArgumentException("delta applies to (epsilon, delta) budgets only (check N.9)");
        }
    }

    /** A rho-zCDP budget. */
    public static PrivacyBudget zcdp(Rational rho) {
        return new PrivacyBudget(Kind.ZCDP, rho, null);
    }

    /** A pure epsilon-DP budget: discrete Gaussian releases cannot be paid from it. */
    public static PrivacyBudget pure(Rational epsilon) {
        return new PrivacyBudget(Kind.PURE, epsilon, null);
    }

    /** An (epsilon, delta)-DP budget. */
    public static PrivacyBudget approximate(Rational epsilon, Rational delta) {
        return new PrivacyBudget(Kind.APPROXIMATE, epsilon, delta);
    }

    /** Whether a total (already composed) cost stays within this budget. */
    public boolean allows(PrivacyCost total) {
        return switch (kind) {
            case ZCDP -> total.totalRho().compareTo(limit) <= 0;
            case PURE -> total.isPure() && total.pureEpsilon().compareTo(limit) <= 0;
            case APPROXIMATE -> total.epsilon(delta) <= limit.toDoubleDown();
        };
    }

    /** The measure of {@code total} in this budget's currency, for messages. */
    String describe(PrivacyCost total) {
        return switch (kind) {
            case ZCDP -> "rho " + total.totalRho() + " (limit " + limit + ")";
            case PURE -> total.isPure()
                    ? "epsilon " + total.pureEpsilon() + " (limit " + limit + ")"
                    : "discrete Gaussian noise is not pure epsilon-DP (pure budget " + limit + ")";
            case APPROXIMATE -> "epsilon " + total.epsilon(delta) + " at delta " + delta + " (limit " + limit + ")";
        };
    }
}

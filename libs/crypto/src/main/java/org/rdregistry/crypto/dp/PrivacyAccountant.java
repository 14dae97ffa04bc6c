package org.rdregistry.crypto.dp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The privacy ledger of one cohort (spec §6.6): an immutable value holding the budget, the cost spent
 * so far and the number of paid releases. {@link #spend} returns a new accountant, so the caller
 * persists the new state (e.g. as JSON; rationals serialise as "n/d") before releasing anything: a
 * crash between the two then wastes budget but never over-spends it.
 *
 * @param cohort the cohort identifier (e.g. an ORPHAcode), only used in messages
 * @param releases number of releases paid so far
 */
public record PrivacyAccountant(String cohort, PrivacyBudget budget, PrivacyCost spent, long releases) {

    public PrivacyAccountant {
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(spent, "spent");
        if (releases < 0) {
            throw new IllegalArgumentException("releases must be non-negative");
        }
    }

    /** A fresh ledger with nothing spent. */
    public static PrivacyAccountant open(String cohort, PrivacyBudget budget) {
        return new PrivacyAccountant(cohort, budget, PrivacyCost.ZERO, 0);
    }

    /** Whether {@code cost} composed with what was spent stays within the budget. */
    public boolean canAfford(PrivacyCost cost) {
        Objects.requireNonNull(cost, "cost");
        return budget.allows(spent.plus(cost));
    }

    /**
     * Pays for one release.
     *
     * @return the ledger after the release
     * @throws BudgetExhaustedException if the budget would be exceeded; this accountant is unchanged
     */
    public PrivacyAccountant spend(PrivacyCost cost) {
        Objects.requireNonNull(cost, "cost");
        PrivacyCost total = spent.plus(cost);
        if (!budget.allows(total)) {
            throw new BudgetExhaustedException("privacy budget of cohort " + cohort + " exhausted: release costing "
                    + cost + " would bring the total to " + budget.describe(total) + "; " + releases
                    + " release(s) already paid");
        }
        return new PrivacyAccountant(cohort, budget, total, releases + 1);
    }

    /**
     * The largest additional zCDP cost rho (a multiple of 2^-64, rounded down) that a discrete
     * Gaussian release could still spend; zero for a pure budget. Lets a release policy pick sigma^2.
     */
    public Rational affordableRho() {
        return switch (budget.kind()) {
            case PURE -> Rational.ZERO;
            case ZCDP -> budget.limit().subtract(spent.totalRho()).max(Rational.ZERO);
            case APPROXIMATE -> searchAffordableRho();
        };
    }

    private Rational searchAffordableRho() {
        // Bisection on the 2^-64 grid between 0 (affordable iff the current state is) and the limit
        // epsilon (an upper bound: eps(rho) >= rho).
        BigInteger scale = BigInteger.ONE.shiftLeft(64);
        if (!canAfford(PrivacyCost.ZERO)) {
            return Rational.ZERO;
        }
        BigInteger lo = BigInteger.ZERO;
        BigInteger hi = new BigDecimal(budget.limit().numerator()).multiply(new BigDecimal(scale))
                .divideToIntegralValue(new BigDecimal(budget.limit().denominator())).toBigInteger().add(BigInteger.ONE);
        while (hi.subtract(lo).compareTo(BigInteger.ONE) > 0) {
            BigInteger mid = lo.add(hi).shiftRight(1);
            if (canAfford(PrivacyCost.zcdp(Rational.of(mid, scale)))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Rational.of(lo, scale);
    }

    /** The (epsilon, delta) bound of everything spent so far, rounded up. */
    public double spentEpsilon(Rational delta) {
        return spent.epsilon(delta);
    }
}

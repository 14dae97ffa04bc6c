package org.rdregistry.crypto.dp;

/**
 * A release would take a cohort over its privacy budget (spec §6.6.4). The message names the cohort,
 * the cost asked for and what the total would have been; it contains no data values.
 */
public class BudgetExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BudgetExhaustedException(String message) {
        super(message);
    }
}

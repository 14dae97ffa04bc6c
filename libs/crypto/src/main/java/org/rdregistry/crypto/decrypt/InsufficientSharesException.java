package org.rdregistry.crypto.decrypt;

import java.util.List;

/**
 * Fewer than t valid shares from distinct trustees (spec checks T.5 / S.6). Names the trustees whose
 * shares were invalid and why, so the operator knows whom to chase.
 */
public class InsufficientSharesException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int validTrustees;
    private final int threshold;
    private final transient List<InvalidShare> invalidShares;

    public InsufficientSharesException(String check, int validTrustees, int threshold, List<InvalidShare> invalidShares) {
        super("check " + check + ": " + validTrustees + " valid share(s) from distinct trustees, threshold is "
                + threshold + (invalidShares.isEmpty() ? "" : "; invalid: " + invalidShares));
        this.validTrustees = validTrustees;
        this.threshold = threshold;
        this.invalidShares = List.copyOf(invalidShares);
    }

    public int validTrustees() {
        return validTrustees;
    }

    public int threshold() {
        return threshold;
    }

    public List<InvalidShare> invalidShares() {
        return invalidShares;
    }

    /** Indices of the trustees that sent invalid shares, ascending, without repeats. */
    public List<Integer> invalidTrustees() {
        return invalidShares.stream().map(InvalidShare::trusteeIndex).distinct().sorted().toList();
    }
}

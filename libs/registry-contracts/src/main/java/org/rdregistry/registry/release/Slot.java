package org.rdregistry.registry.release;

import java.util.Objects;

/**
 * One decrypted quantity of a release: its name (e.g. {@code count}, {@code sex[female]},
 * {@code onsetMonths.sum}, {@code onsetMonths.sumOfSquares}) and its sensitivity, the most one patient
 * can change it by, which scales the noise (docs/design/releases.md).
 */
public record Slot(String name, Kind kind, String field, String category, long sensitivity) {

    public enum Kind { COUNT, CELL, SUM, SUM_OF_SQUARES }

    public Slot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (sensitivity < 1) {
            throw new IllegalArgumentException("sensitivity must be >= 1");
        }
    }
}

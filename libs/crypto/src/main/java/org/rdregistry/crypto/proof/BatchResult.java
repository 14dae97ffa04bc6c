package org.rdregistry.crypto.proof;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of {@link BatchVerifier#verify()}: valid, or the list of items that failed with the spec
 * check each one failed (its own check, for example "Z.4" or "O.2", or "B.2"/"B.3" for the batch
 * checks of spec §3.5.3).
 *
 * @param valid true iff every item verifies
 * @param itemCount number of items in the batch
 * @param failures the failed items in index order; empty iff valid
 */
public record BatchResult(boolean valid, int itemCount, List<Failure> failures) {

    /**
     * One failed item.
     *
     * @param index the value {@link BatchVerifier}'s {@code add} returned for the item, or -1 for a
     *     failure of the batch as a whole (check B.3 without an identifiable item)
     * @param kind "zero-one", "dleq", "one-hot", "range", "square" or "batch"
     * @param result the failed check
     */
    public record Failure(int index, String kind, VerificationResult result) {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(result, "result");
        }
    }

    public BatchResult {
        failures = List.copyOf(failures);
        if (valid != failures.isEmpty()) {
            throw new IllegalArgumentException("a batch is valid iff it has no failures");
        }
    }

    /** OK, or the first failure with its item's check number and the item index in the reason. */
    public VerificationResult toVerificationResult() {
        if (valid) {
            return VerificationResult.ok();
        }
        Failure f = failures.get(0);
        return VerificationResult.fail(f.result().check(), "item " + f.index() + " (" + f.kind() + "): "
                + f.result().reason() + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : ""));
    }

    /** Throws {@link VerificationException} for the first failure unless valid. */
    public void orThrow() {
        toVerificationResult().orThrow();
    }
}

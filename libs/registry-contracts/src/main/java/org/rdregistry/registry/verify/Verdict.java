package org.rdregistry.registry.verify;

import java.util.List;

/**
 * The outcome of verifying a release: every check in order, and the verdict. {@code INCONCLUSIVE}
 * means the records topic no longer holds what the release covered (records superseded after the
 * release have since been compacted away), which is not evidence against the release.
 */
public record Verdict(Status status, List<Check> checks) {

    public enum Status { VALID, INVALID, INCONCLUSIVE }

    /** One numbered check (docs/design/releases.md, "verifier checks"). */
    public record Check(String id, Status status, String detail) {
    }

    public Verdict {
        checks = List.copyOf(checks);
    }

    public boolean valid() {
        return status == Status.VALID;
    }
}

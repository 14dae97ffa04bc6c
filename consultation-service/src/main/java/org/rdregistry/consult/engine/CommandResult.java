package org.rdregistry.consult.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * The state machine's answer to one command, on the internal results topic (key = command id). Holds no
 * consultation bytes: an outcome, a reason for refusals, the lease of a successful claim and the revision of the
 * consultation's state after the command (so that the handler can wait until its instance's view shows it).
 */
public record CommandResult(String commandId, Outcome outcome, String detail, String leaseId, Instant until,
                            long revision) {

    public CommandResult {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(outcome, "outcome");
    }

    public enum Outcome {
        /** done (a consultation or model created) */
        CREATED,
        /** done */
        OK,
        /** unknown, purged, or the credential does not match: all look the same */
        NOT_FOUND,
        /** the caller may not do this (specialty, not the lease holder) */
        FORBIDDEN,
        /** the state does not allow it (id taken or purged, already claimed, already answered, ...) */
        CONFLICT
    }

    static CommandResult of(Command c, Outcome outcome, String detail, long revision) {
        return new CommandResult(c.commandId(), outcome, detail, null, null, revision);
    }
}

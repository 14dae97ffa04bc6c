package org.rdregistry.compute.aggregator;

import java.util.List;
import java.util.Objects;

import org.rdregistry.registry.aggregate.CohortAggregate;

/** What {@link RecordRules} decided for one records-topic entry. */
public sealed interface Outcome {

    /**
     * A valid record for a new patient ({@code replaced == false}) or an update: store it, add the delta.
     * {@code attested}: its proofs were verified by intake (valid attestation), not here.
     */
    record Accepted(LatestRecord latest, CohortAggregate difference, boolean replaced, boolean attested)
            implements Outcome {
        public Accepted {
            Objects.requireNonNull(latest, "latest");
            Objects.requireNonNull(difference, "difference");
        }
    }

    /** A tombstone for a stored record: delete it, add the (negative) delta. */
    record Erased(CohortAggregate difference) implements Outcome {
        public Erased {
            Objects.requireNonNull(difference, "difference");
        }
    }

    /** The same record id as the stored one: a resubmission, changes nothing. */
    record Duplicate() implements Outcome {
    }

    /** A tombstone for a key with no stored record: nothing to subtract. */
    record UnknownErasure() implements Outcome {
    }

    /**
     * An entry that is dropped; the previous record of the key (if any) stays in force.
     * {@code fields} names the offending fields (never their contents).
     */
    record Rejected(RejectReason reason, List<String> fields) implements Outcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            fields = List.copyOf(fields);
        }
    }
}

package org.rdregistry.crypto.keyceremony;

import java.util.List;
import java.util.Objects;

/**
 * The public record of a finished ceremony (spec §4.5), recomputable from the {@link PublicTranscript}:
 * the trustees that took part, the qualified dealers QUAL, why the others were excluded, the verdict
 * on every complaint, and the resulting {@link JointKey}.
 */
public record KeyCeremonyResult(CeremonyParameters parameters, List<Integer> participants, List<Integer> qualified,
                                List<DealerFault> faults, List<ComplaintVerdict> verdicts, JointKey jointKey) {

    public KeyCeremonyResult {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(jointKey, "jointKey");
        participants = List.copyOf(participants);
        qualified = List.copyOf(qualified);
        faults = List.copyOf(faults);
        verdicts = List.copyOf(verdicts);
    }
}

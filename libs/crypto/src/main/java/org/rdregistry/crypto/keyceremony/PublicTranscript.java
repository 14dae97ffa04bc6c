package org.rdregistry.crypto.keyceremony;

import java.util.List;
import java.util.Objects;

/**
 * Everything the key ceremony published (spec §4.5): the parameters, every round-1 commitment
 * message, every round-2 share box and every round-3 complaint, in log order. Everything else
 * (verdicts, QUAL, joint key, verification keys) is a deterministic function of it, recomputed by
 * {@link KeyCeremonyVerifier#evaluate(PublicTranscript)}.
 */
public record PublicTranscript(CeremonyParameters parameters, List<DealerCommitments> commitments,
                               List<EncryptedShare> shares, List<Complaint> complaints) {

    public PublicTranscript {
        Objects.requireNonNull(parameters, "parameters");
        commitments = List.copyOf(commitments);
        shares = List.copyOf(shares);
        complaints = List.copyOf(complaints);
    }
}

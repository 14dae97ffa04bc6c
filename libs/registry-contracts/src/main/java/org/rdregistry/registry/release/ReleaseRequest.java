package org.rdregistry.registry.release;

import java.util.List;
import java.util.Map;

import org.rdregistry.crypto.elgamal.Ciphertext;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * stats-service to trustees, on {@code registry.release-requests.v1} keyed by release id
 * (docs/design/releases.md): first {@link Noise}, then {@link Decrypt}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReleaseRequest.Noise.class, name = "noise"),
        @JsonSubTypes.Type(value = ReleaseRequest.Decrypt.class, name = "decrypt")})
public sealed interface ReleaseRequest permits ReleaseRequest.Noise, ReleaseRequest.Decrypt {

    String releaseId();

    String cohort();

    /** Round 1: "here is the aggregate of this cohort at this position; add your noise". */
    record Noise(String releaseId, String cohort, String schemaVersion, Map<Integer, Long> position,
                 List<Ciphertext> aggregate, NoiseParameters noise, long requestedAtMillis)
            implements ReleaseRequest {
        public Noise {
            position = Map.copyOf(position);
            aggregate = List.copyOf(aggregate);
        }
    }

    /** Round 2: "decrypt the aggregate plus the noise of exactly these contributions". */
    record Decrypt(String releaseId, String cohort, Map<Integer, Long> position,
                   List<TrusteeMessage.NoiseContribution> contributions) implements ReleaseRequest {
        public Decrypt {
            position = Map.copyOf(position);
            contributions = List.copyOf(contributions);
        }
    }
}

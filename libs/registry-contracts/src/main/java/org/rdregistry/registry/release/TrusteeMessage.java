package org.rdregistry.registry.release;

import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.keyceremony.SchnorrProof;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Trustee to stats-service, on {@code registry.trustee-messages.v1} keyed by release id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TrusteeMessage.NoiseContribution.class, name = "noise"),
        @JsonSubTypes.Type(value = TrusteeMessage.DecryptionShares.class, name = "shares"),
        @JsonSubTypes.Type(value = TrusteeMessage.Refusal.class, name = "refusal")})
public sealed interface TrusteeMessage
        permits TrusteeMessage.NoiseContribution, TrusteeMessage.DecryptionShares, TrusteeMessage.Refusal {

    String releaseId();

    int trustee();

    /**
     * One noise ciphertext per slot, each with a Schnorr proof of knowledge of its randomness
     * (statement alpha = s·G, domain {@link ReleaseContexts#NOISE_DOMAIN}, context
     * {@link ReleaseContexts#noise}). With noise off the lists are empty.
     */
    record NoiseContribution(String releaseId, int trustee, List<Ciphertext> noise, List<SchnorrProof> proofs)
            implements TrusteeMessage {
        public NoiseContribution {
            noise = List.copyOf(noise);
            proofs = List.copyOf(proofs);
        }
    }

    /** One partial decryption (with its DLEQ proof) per slot of aggregate + noise. */
    record DecryptionShares(String releaseId, int trustee, List<PartialDecryption> shares) implements TrusteeMessage {
        public DecryptionShares {
            shares = List.copyOf(shares);
        }
    }

    /** The trustee will not take part; the reason is a code, never a value. */
    record Refusal(String releaseId, int trustee, Reason reason, String detail) implements TrusteeMessage {
        public Refusal {
            Objects.requireNonNull(reason, "reason");
        }
    }

    enum Reason {
        /** no own aggregate of the cohort at that position (not reached in time, or not a position it had) */
        UNKNOWN_POSITION,
        /** a ciphertext differs from the trustee's own recomputed aggregate */
        AGGREGATE_MISMATCH,
        /** fewer live records than the trustee's minimum */
        COHORT_TOO_SMALL,
        /** noise below the trustee's minimum (or off where not allowed) */
        NOISE_TOO_LOW,
        /** this (cohort, position) was already released with other noise or another noise set */
        ALREADY_RELEASED,
        /** a decrypt request that does not contain this trustee's own noise, or bad contributions */
        BAD_NOISE_SET,
        /** malformed request (wrong layout, schema, sizes) */
        MALFORMED
    }
}

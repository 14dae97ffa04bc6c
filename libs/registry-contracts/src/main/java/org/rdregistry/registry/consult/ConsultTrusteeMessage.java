package org.rdregistry.registry.consult;

import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.keyswitch.KeySwitchShare;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Trustee to consultation-service on {@code consult.trustee-messages.v1} (key = consultation id). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ConsultTrusteeMessage.Shares.class, name = "shares"),
        @JsonSubTypes.Type(value = ConsultTrusteeMessage.Refusal.class, name = "refusal")})
public sealed interface ConsultTrusteeMessage permits ConsultTrusteeMessage.Shares, ConsultTrusteeMessage.Refusal {

    String requestId();

    String consultationId();

    int trustee();

    /**
     * One key-switch share per item of the request, in the request's order, each proven under
     * {@link ConsultContexts#keySwitch}(consultation, request, item name).
     */
    record Shares(String requestId, String consultationId, int trustee, List<KeySwitchShare> shares)
            implements ConsultTrusteeMessage {
        public Shares {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(consultationId, "consultationId");
            shares = List.copyOf(shares);
        }
    }

    /** The trustee will not switch; the reason is a code, never a value. */
    record Refusal(String requestId, String consultationId, int trustee, Reason reason, String detail)
            implements ConsultTrusteeMessage {
        public Refusal {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(consultationId, "consultationId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    enum Reason {
        /** the consultation was purged: nothing about it is ever switched again */
        PURGED,
        /** the trustee has not seen (or could not verify) the consultation in time */
        UNKNOWN_CONSULTATION,
        /** the submission's proofs do not verify */
        INVALID_SUBMISSION,
        /** an item is not a score the trustee recomputed, nor the submission's history key */
        NOT_RECOMPUTABLE,
        /** the target key is not the patient's, or not the key of the current unexpired lease */
        WRONG_TARGET,
        /** the history key may only go to a claiming expert */
        NOT_ALLOWED,
        /** malformed request */
        MALFORMED
    }
}

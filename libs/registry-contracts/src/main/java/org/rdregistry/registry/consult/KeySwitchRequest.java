package org.rdregistry.registry.consult;

import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;

/**
 * consultation-service to the trustees on {@code consult.keyswitch-requests.v1} (key = consultation
 * id): switch these ciphertexts from the joint key to {@code target}. A trustee answers only if it can
 * recompute every item itself: a score item must equal its own evaluation of the published model on the
 * verified submission, the history-key item must be the submission's Enc(M); the target must be the
 * patient's key (purpose PATIENT) or the key of the current, unexpired lease {@code leaseId} (EXPERT).
 */
public record KeySwitchRequest(String requestId, String consultationId, Purpose purpose, String leaseId,
                               PublicKey target, List<Item> items) {

    public KeySwitchRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(consultationId, "consultationId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(target, "target");
        items = List.copyOf(items);
        if (purpose == Purpose.EXPERT && leaseId == null) {
            throw new IllegalArgumentException("an expert key switch names its lease");
        }
    }

    public enum Purpose { PATIENT, EXPERT }

    /** {@link ConsultContexts#scoreItem} or {@link ConsultContexts#HISTORY_KEY_ITEM}, and the ciphertext. */
    public record Item(String name, Ciphertext ciphertext) {
        public Item {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(ciphertext, "ciphertext");
        }
    }
}

package org.rdregistry.consult.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.ConsultationCase.Lease;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.ModelScore;

/**
 * Key-switch requests and their shares, with public data only: builds the PATIENT and EXPERT requests, keeps every
 * share that verifies under {@link ConsultContexts#keySwitch} (and only those), and combines t valid shares per item.
 */
public final class KeySwitching {

    private final JointKey jointKey;
    private final KeySwitchCombiner combiner;

    public KeySwitching(JointKey jointKey, KeySwitchCombiner combiner) {
        this.jointKey = jointKey;
        this.combiner = combiner;
    }

    public int threshold() {
        return jointKey.threshold();
    }

    /** The scores to the patient's key. */
    KeySwitchRequest patientRequest(ConsultationSubmission s, List<ModelScore> scores) {
        return new KeySwitchRequest(UUID.randomUUID().toString(), s.consultationId(), KeySwitchRequest.Purpose.PATIENT,
                null, s.patientKey(), scoreItems(scores));
    }

    /** The scores and the history key to the lease holder's key. */
    KeySwitchRequest expertRequest(ConsultationSubmission s, List<ModelScore> scores, Lease lease) {
        List<KeySwitchRequest.Item> items = new ArrayList<>(scoreItems(scores));
        items.add(new KeySwitchRequest.Item(ConsultContexts.HISTORY_KEY_ITEM, s.history().encryptedKeyPoint()));
        return new KeySwitchRequest(UUID.randomUUID().toString(), s.consultationId(), KeySwitchRequest.Purpose.EXPERT,
                lease.leaseId(), lease.expertKey(), items);
    }

    private static List<KeySwitchRequest.Item> scoreItems(List<ModelScore> scores) {
        return scores.stream()
                .map(s -> new KeySwitchRequest.Item(ConsultContexts.scoreItem(s.model()), s.score()))
                .toList();
    }

    /** A trustee's shares applied to a pending request: the new pending state and how many shares were invalid. */
    record Applied(PendingSwitch pending, int invalid) {
    }

    /**
     * Verifies every share of the message against its item (share i belongs to item i) and keeps the valid ones;
     * a trustee's first valid share of an item is kept, later ones are ignored.
     */
    Applied apply(PendingSwitch pending, ConsultTrusteeMessage.Shares message) {
        KeySwitchRequest request = pending.request();
        int trustee = message.trustee();
        if (!jointKey.isIndex(trustee)) {
            return new Applied(pending, request.items().size());
        }
        Map<String, Map<Integer, KeySwitchShare>> valid = new HashMap<>(pending.valid());
        int invalid = 0;
        for (int i = 0; i < request.items().size(); i++) {
            KeySwitchRequest.Item item = request.items().get(i);
            Map<Integer, KeySwitchShare> byTrustee = new HashMap<>(valid.getOrDefault(item.name(), Map.of()));
            if (byTrustee.containsKey(trustee)) {
                continue;
            }
            KeySwitchShare share = i < message.shares().size() ? message.shares().get(i) : null;
            if (share == null || share.trusteeIndex() != trustee || !combiner.verify(item.ciphertext(),
                    request.target(), context(request, item), share).valid()) {
                invalid++;
                continue;
            }
            byTrustee.put(trustee, share);
            valid.put(item.name(), byTrustee);
        }
        return new Applied(new PendingSwitch(request, pending.publishedAt(), valid), invalid);
    }

    /** Every item switched to the request's target, in the request's order; call when {@code complete}. */
    List<Ciphertext> combine(PendingSwitch pending) {
        KeySwitchRequest request = pending.request();
        List<Ciphertext> out = new ArrayList<>();
        for (KeySwitchRequest.Item item : request.items()) {
            List<KeySwitchShare> shares = List.copyOf(pending.valid().get(item.name()).values());
            out.add(combiner.combine(item.ciphertext(), request.target(), context(request, item), shares).ciphertext());
        }
        return out;
    }

    private static org.rdregistry.crypto.group.ProofContext context(KeySwitchRequest request,
                                                                    KeySwitchRequest.Item item) {
        return ConsultContexts.keySwitch(request.consultationId(), request.requestId(), item.name());
    }
}

package org.rdregistry.crypto.keyceremony;

import java.util.Objects;

import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.SealedBox;

/**
 * The public parameters every message of one key ceremony is bound to (spec §4.1, check K.1): the
 * curve, a ceremony identifier that is never reused, the number n of trustees (indices 1..n) and the
 * threshold t (any t trustees can decrypt, t-1 learn nothing).
 *
 * <p>All proofs, share boxes and complaints of the ceremony hash {@link #context()}, so a message can
 * never be replayed into another ceremony, onto another curve or with other (n, t).
 */
public record CeremonyParameters(GroupContext group, String ceremonyId, int participants, int threshold) {

    /** Upper bound on n; keeps indices tiny compared with the group order and the work per message small. */
    public static final int MAX_PARTICIPANTS = 1024;

    public CeremonyParameters {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(ceremonyId, "ceremonyId");
        if (ceremonyId.isBlank()) {
            throw new IllegalArgumentException("K.1: ceremony id must not be blank");
        }
        if (participants < 1 || participants > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("K.1: participants must be in [1, " + MAX_PARTICIPANTS + "]");
        }
        if (threshold < 1 || threshold > participants) {
            throw new IllegalArgumentException("K.1: threshold must be in [1, participants]");
        }
    }

    /** Whether i is a trustee index of this ceremony (1..n). */
    public boolean isIndex(int i) {
        return i >= 1 && i <= participants;
    }

    /** The ceremony context C = (ceremony id, curve, n, t) that every ceremony message binds (spec §4.1). */
    public ProofContext context() {
        return ProofContext.of("ceremony", ceremonyId)
                .with("curve", group.name())
                .with("n", participants)
                .with("t", threshold);
    }

    /** Context of dealer i's Schnorr proof for coefficient k (spec §4.2). */
    public ProofContext coefficientContext(int dealer, int k) {
        return context().with("dealer", dealer).with("coefficient", k);
    }

    /** Associated data of the share box from dealer i to recipient j (spec §4.3). */
    public byte[] shareAad(int dealer, int recipient) {
        return context().with("dealer", dealer).with("recipient", recipient).toBytes();
    }

    /**
     * Context of dealer i's proof of knowledge of the ephemeral secret of its box to recipient j (spec
     * §4.3): binds the whole box, so the proof cannot be moved to another box.
     */
    public ProofContext ephemeralContext(int dealer, int recipient, SealedBox box) {
        return context().with("dealer", dealer).with("recipient", recipient)
                .with("nonce", box.nonce()).with("box", box.ciphertext());
    }

    /** Context of complainer j's DLEQ proof against dealer i (spec §4.4). */
    public ProofContext complaintContext(int dealer, int complainer) {
        return context().with("dealer", dealer).with("complainer", complainer);
    }
}

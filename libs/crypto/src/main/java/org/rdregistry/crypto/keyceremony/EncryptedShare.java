package org.rdregistry.crypto.keyceremony;

import java.util.Objects;

import org.rdregistry.crypto.hybrid.SealedBox;

/**
 * Round-2 message (spec §4.3): the share f_i(j) from dealer i, sealed to recipient j's communication
 * key with label {@value KeyCeremonyParticipant#SHARE_LABEL} and associated data
 * {@link CeremonyParameters#shareAad(int, int)}. The box is posted on the ceremony's public log: it
 * reveals nothing without j's key, and a complaint can then refer to exactly what the dealer sent.
 *
 * <p>{@code ephemeralProof} proves that the dealer knows e with E = eG for the box's ephemeral point E,
 * bound to the whole box. Without it a dealer could copy another dealer's E into a garbage box, and the
 * recipient's complaint (which reveals sk_j·E) would open the other dealer's box to everyone.
 */
public record EncryptedShare(int dealerIndex, int recipientIndex, SealedBox box, SchnorrProof ephemeralProof) {

    public EncryptedShare {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(ephemeralProof, "ephemeralProof");
    }

    @Override
    public String toString() {
        return "EncryptedShare[" + dealerIndex + " -> " + recipientIndex + "]";
    }
}

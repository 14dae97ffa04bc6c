package org.rdregistry.crypto.keyswitch;

import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.elgamal.Ciphertext;

/**
 * The switched ciphertext (an encryption of the same plaintext under the target key), the trustees
 * whose shares were combined, and every share that failed verification (spec §5.3).
 */
public record KeySwitchResult(Ciphertext ciphertext, List<Integer> usedTrustees, List<InvalidShare> invalidShares) {

    public KeySwitchResult {
        Objects.requireNonNull(ciphertext, "ciphertext");
        usedTrustees = List.copyOf(usedTrustees);
        invalidShares = List.copyOf(invalidShares);
    }
}

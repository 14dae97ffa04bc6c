package org.rdregistry.crypto.decrypt;

import java.util.List;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;

/**
 * The outcome of combining partial decryptions (spec §4.8): the plaintext point M = mG, the trustees
 * whose shares were combined, and every share that failed verification (to be published with the
 * release and chased).
 */
public record CombinedDecryption(ECPoint plaintextPoint, List<Integer> usedTrustees, List<InvalidShare> invalidShares) {

    public CombinedDecryption {
        Objects.requireNonNull(plaintextPoint, "plaintextPoint");
        usedTrustees = List.copyOf(usedTrustees);
        invalidShares = List.copyOf(invalidShares);
    }
}

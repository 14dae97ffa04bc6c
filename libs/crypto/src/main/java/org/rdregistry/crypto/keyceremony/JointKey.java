package org.rdregistry.crypto.keyceremony;

import java.util.List;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;

/**
 * The public result of a key ceremony that combiners and verifiers need (spec §4.5): the threshold t,
 * the joint public key Y (the registry key everyone encrypts to) and the verification keys
 * Y_j = x_j·G of trustees j = 1..n, against which partial decryptions and key-switch shares are checked.
 */
public record JointKey(int threshold, PublicKey publicKey, List<ECPoint> verificationKeys) {

    public JointKey {
        Objects.requireNonNull(publicKey, "publicKey");
        GroupContext group = publicKey.group();
        verificationKeys = verificationKeys.stream()
                .map(p -> group.requireOnCurve(p, false).normalize())
                .toList();
        if (threshold < 1 || threshold > verificationKeys.size()) {
            throw new IllegalArgumentException("threshold must be in [1, n]");
        }
    }

    public GroupContext group() {
        return publicKey.group();
    }

    /** The number n of trustees. */
    public int participants() {
        return verificationKeys.size();
    }

    /** Whether i is a trustee index (1..n). */
    public boolean isIndex(int i) {
        return i >= 1 && i <= verificationKeys.size();
    }

    /** Y_i for trustee i in 1..n. */
    public ECPoint verificationKey(int i) {
        if (!isIndex(i)) {
            throw new IllegalArgumentException("no trustee " + i);
        }
        return verificationKeys.get(i - 1);
    }

    @Override
    public String toString() {
        return "JointKey[" + threshold + "-of-" + verificationKeys.size() + ", " + publicKey + "]";
    }
}

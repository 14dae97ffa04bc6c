package org.rdregistry.crypto.keyceremony;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;

/**
 * What trustee j keeps after the ceremony (spec §4.5): its index, its secret share x_j of the joint
 * secret x (x_j = f(j) for the joint polynomial f with f(0) = x), the threshold, the joint public key
 * and all verification keys. The constructor checks x_j·G = Y_j (spec check K.12), so a share that
 * does not match the published key material cannot be used. The secret never appears in toString.
 */
public record TrusteeKeyShare(int index, BigInteger secret, int threshold, PublicKey publicKey,
                              List<ECPoint> verificationKeys) {

    public TrusteeKeyShare {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(publicKey, "publicKey");
        GroupContext group = publicKey.group();
        verificationKeys = verificationKeys.stream()
                .map(p -> group.requireOnCurve(p, false).normalize())
                .toList();
        if (index < 1 || index > verificationKeys.size()) {
            throw new IllegalArgumentException("index must be in [1, n]");
        }
        if (threshold < 1 || threshold > verificationKeys.size()) {
            throw new IllegalArgumentException("threshold must be in [1, n]");
        }
        if (secret.signum() <= 0 || secret.compareTo(group.order()) >= 0) {
            throw new IllegalArgumentException("secret share out of range");
        }
        if (!group.multiplyG(secret).equals(verificationKeys.get(index - 1))) {
            throw new IllegalArgumentException("K.12: secret share does not match verification key Y_" + index);
        }
    }

    public GroupContext group() {
        return publicKey.group();
    }

    /** This trustee's verification key Y_index = x_index·G. */
    public ECPoint verificationKey() {
        return verificationKeys.get(index - 1);
    }

    /** The public part, as used by combiners and verifiers. */
    public JointKey jointKey() {
        return new JointKey(threshold, publicKey, verificationKeys);
    }

    @Override
    public String toString() {
        return "TrusteeKeyShare[index=" + index + ", " + threshold + "-of-" + verificationKeys.size()
                + ", " + publicKey + ", secret=<redacted>]";
    }
}

package org.rdregistry.crypto.elgamal;

import java.math.BigInteger;
import java.util.Objects;

import org.rdregistry.crypto.group.GroupContext;

/**
 * An ElGamal key pair (spec §2.1). The secret never appears in {@link #toString()}. In production the
 * registry secret is never in one place (see the threshold package); single key pairs serve patients,
 * experts and trustees' own communication keys.
 */
public record KeyPair(BigInteger secret, PublicKey publicKey) {

    public KeyPair {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(publicKey, "publicKey");
        if (secret.signum() <= 0 || secret.compareTo(publicKey.group().order()) >= 0) {
            throw new IllegalArgumentException("secret key out of range");
        }
    }

    /** A fresh key pair from the context's SecureRandom. */
    public static KeyPair generate(GroupContext group) {
        return fromSecret(group, group.randomScalar());
    }

    /** Rebuilds the key pair from a stored secret. */
    public static KeyPair fromSecret(GroupContext group, BigInteger secret) {
        return new KeyPair(secret, new PublicKey(group, group.multiplyG(secret)));
    }

    public GroupContext group() {
        return publicKey.group();
    }

    @Override
    public String toString() {
        return "KeyPair[" + publicKey + ", secret=<redacted>]";
    }
}

package org.rdregistry.crypto.elgamal;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A ciphertext together with the randomness r that produced it, so that a prover can prove statements
 * about it (spec §2.2). The randomness is as secret as the plaintext: never serialise, log or send
 * an {@code Encryption}; send {@link #ciphertext()} only.
 */
public record Encryption(Ciphertext ciphertext, BigInteger randomness) {

    public Encryption {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(randomness, "randomness");
    }

    @Override
    public String toString() {
        return "Encryption[" + ciphertext + ", randomness=<redacted>]";
    }
}

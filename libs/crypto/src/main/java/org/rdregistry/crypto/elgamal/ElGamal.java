package org.rdregistry.crypto.elgamal;

import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.group.GroupContext;

/**
 * Exponential ElGamal over a {@link GroupContext} (spec §2). Stateless apart from the shared
 * discrete-log table; one instance per context is enough and it is thread-safe.
 */
public final class ElGamal {

    private final GroupContext group;
    private final DiscreteLog discreteLog;

    /** ElGamal with the context's shared default discrete-log table (decodes |m| < 2^32). */
    public ElGamal(GroupContext group) {
        this(group, DiscreteLog.shared(group));
    }

    public ElGamal(GroupContext group, DiscreteLog discreteLog) {
        this.group = Objects.requireNonNull(group, "group");
        this.discreteLog = Objects.requireNonNull(discreteLog, "discreteLog");
    }

    public GroupContext group() {
        return group;
    }

    public DiscreteLog discreteLog() {
        return discreteLog;
    }

    /** Encrypts m with fresh randomness; returns the randomness too, for provers. */
    public Encryption encrypt(PublicKey key, long m) {
        return encrypt(key, BigInteger.valueOf(m), group.randomScalar());
    }

    /** Encrypts m (any integer, reduced mod n) with the given randomness r in [1, n-1]. */
    public Encryption encrypt(PublicKey key, BigInteger m, BigInteger r) {
        checkKey(key);
        if (r.signum() <= 0 || r.compareTo(group.order()) >= 0) {
            throw new IllegalArgumentException("randomness out of range");
        }
        ECPoint alpha = group.multiplyG(r);
        // beta = (m + u)G + (rY - uG) with a fresh u: neither term is O when m = 0, so BouncyCastle's
        // early return on adding O cannot reveal a zero plaintext through timing.
        BigInteger u = group.randomScalar();
        ECPoint beta = group.multiplyG(group.reduce(m).add(u))
                .add(group.multiplyFixed(key.point(), r).subtract(group.multiplyG(u)));
        return new Encryption(new Ciphertext(alpha, beta.normalize()), r);
    }

    /** Enc(0; r) added to c: a ciphertext of the same plaintext that is unlinkable to c. */
    public Encryption rerandomise(PublicKey key, Ciphertext c) {
        Encryption zero = encrypt(key, 0);
        return new Encryption(c.add(zero.ciphertext()).normalize(), zero.randomness());
    }

    /** mG = beta - x·alpha: the plaintext as a group element (spec §2.3). */
    public ECPoint decryptToPoint(BigInteger secret, Ciphertext c) {
        // Validated before the secret touches them: an off-curve alpha would leak the secret (invalid-curve attack).
        group.requireOnCurve(c.alpha(), true);
        group.requireOnCurve(c.beta(), true);
        return c.beta().subtract(group.multiplySecret(c.alpha(), secret)).normalize();
    }

    /**
     * Decrypts to an integer within the discrete-log table's range.
     *
     * @throws PlaintextOutOfRangeException if the plaintext is outside the decodable range; never
     *     returns a wrong number
     */
    public long decrypt(KeyPair keyPair, Ciphertext c) {
        checkKey(keyPair.publicKey());
        return discreteLog.solve(decryptToPoint(keyPair.secret(), c));
    }

    private void checkKey(PublicKey key) {
        if (key.group() != group) {
            throw new IllegalArgumentException("key belongs to " + key.group().name() + ", not " + group.name());
        }
    }
}

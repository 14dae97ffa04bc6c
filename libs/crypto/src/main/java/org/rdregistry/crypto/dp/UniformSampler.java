package org.rdregistry.crypto.dp;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Uniform integers and exact Bernoulli trials from a {@link SecureRandom} (spec §6.2), without modulo
 * bias: a value below n is drawn as ceil(log2 n) random bits and redrawn when it is not below n, so
 * every value has probability exactly 1/n.
 *
 * <p>Random bytes are fetched in blocks of 256 to keep the per-draw cost of the (synchronised,
 * system-backed) SecureRandom low; the block is wiped as it is consumed. Thread-safe.
 */
public final class UniformSampler {

    private static final int BLOCK_WORDS = 32;
    private static final UniformSampler SYSTEM = new UniformSampler(new SecureRandom());

    private final SecureRandom random;
    private final byte[] block = new byte[BLOCK_WORDS * 8];
    private int nextWord = BLOCK_WORDS;
    private long bitPool;
    private int bitsLeft;

    public UniformSampler(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A process-wide instance on a default {@link SecureRandom}. */
    public static UniformSampler system() {
        return SYSTEM;
    }

    /** One fair random bit. */
    public synchronized boolean bit() {
        if (bitsLeft == 0) {
            bitPool = word();
            bitsLeft = 64;
        }
        boolean b = (bitPool & 1) != 0;
        bitPool >>>= 1;
        bitsLeft--;
        return b;
    }

    /** A uniform integer in [0, n) for n &ge; 1. */
    public synchronized long below(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("upper bound must be positive");
        }
        if (n == 1) {
            return 0;
        }
        int bits = 64 - Long.numberOfLeadingZeros(n - 1);
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        while (true) {
            long r = word() & mask;
            if (Long.compareUnsigned(r, n) < 0) {
                return r;
            }
        }
    }

    /** A uniform integer in [0, n) for n &ge; 1. */
    public BigInteger below(BigInteger n) {
        if (n.signum() <= 0) {
            throw new IllegalArgumentException("upper bound must be positive");
        }
        if (n.bitLength() <= 63) {
            return BigInteger.valueOf(below(n.longValue()));
        }
        int bits = n.subtract(BigInteger.ONE).bitLength();
        while (true) {
            BigInteger r = new BigInteger(bits, random);
            if (r.compareTo(n) < 0) {
                return r;
            }
        }
    }

    /**
     * Bernoulli(num/den): true with probability exactly num/den, for 0 &le; num &le; den, den &gt; 0
     * (spec check N.3).
     */
    public boolean bernoulli(BigInteger num, BigInteger den) {
        if (den.signum() <= 0 || num.signum() < 0 || num.compareTo(den) > 0) {
            throw new IllegalArgumentException("Bernoulli parameter must be in [0, 1] (check N.3)");
        }
        if (den.bitLength() <= 63) {
            return below(den.longValue()) < num.longValue();
        }
        return below(den).compareTo(num) < 0;
    }

    /** Bernoulli(p) for a rational p in [0, 1] (spec check N.3). */
    public boolean bernoulli(Rational p) {
        return bernoulli(p.numerator(), p.denominator());
    }

    private long word() {
        if (nextWord == BLOCK_WORDS) {
            random.nextBytes(block);
            nextWord = 0;
        }
        int o = nextWord * 8;
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w = (w << 8) | (block[o + i] & 0xff);
            block[o + i] = 0;
        }
        nextWord++;
        return w;
    }
}

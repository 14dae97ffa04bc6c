package org.rdregistry.trustee.keystore;

/**
 * scrypt cost parameters (RFC 7914). Files are written with {@link #DEFAULT} (N = 2^15, r = 8, p = 1:
 * 32 MiB of memory and a fraction of a second per attempt, which makes guessing a passphrase of a
 * stolen file expensive). Reading accepts only parameters at least as strong as the default and bounded
 * above, so a tampered header can neither weaken the derivation nor make the reader allocate gigabytes.
 */
record ScryptParams(int n, int r, int p) {

    static final ScryptParams DEFAULT = new ScryptParams(1 << 15, 8, 1);
    static final int MAX_N = 1 << 20;
    static final long MAX_MEMORY_BYTES = 256L << 20;

    /** Whether these parameters are acceptable when reading, with N at least {@code minN}. */
    boolean acceptable(int minN) {
        return Integer.bitCount(n) == 1 && n >= minN && n <= MAX_N
                && r >= 1 && r <= 16 && p >= 1 && p <= 4
                && 128L * n * r <= MAX_MEMORY_BYTES;
    }
}

package org.rdregistry.crypto.dp;

/**
 * An exact sampler of integer noise (spec §6). Samples are secret: a trustee encrypts its sample
 * and adds it to the aggregate before decryption, so a sample must never be logged or returned to
 * anyone.
 */
public interface NoiseSampler {

    /** One independent sample. */
    long sample();
}

package org.rdregistry.compute.trustee;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.rdregistry.crypto.dp.DiscreteGaussianSampler;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.release.TrusteeMessage;

/**
 * Draws a trustee's noise for a release: per slot j, eta_j from the exact discrete Gaussian with
 * variance {@code noise.sigma2For(slot)}, N_j = Enc(eta_j; s_j) under the joint key and a Schnorr
 * proof of knowledge of s_j for alpha(N_j) = s_j·G, bound to (release, cohort, trustee, slot), so that
 * nobody can pass off a ciphertext derived from another trustee's noise (e.g. its negation) as its own.
 * The noise values and randomness live only in local variables of {@link #contribute}: never logged,
 * stored or returned.
 */
final class NoiseMaker {

    private final GroupContext group;
    private final PublicKey jointKey;
    private final ElGamal elgamal;
    private final ReleaseLayout layout;
    private final int trustee;

    NoiseMaker(PublicKey jointKey, ReleaseLayout layout, int trustee) {
        this.group = jointKey.group();
        this.jointKey = jointKey;
        this.elgamal = new ElGamal(group);
        this.layout = layout;
        this.trustee = trustee;
    }

    /** This trustee's noise for every slot; empty lists when the noise is off. */
    TrusteeMessage.NoiseContribution contribute(String releaseId, String cohort, NoiseParameters noise) {
        if (noise.isNone()) {
            return new TrusteeMessage.NoiseContribution(releaseId, trustee, List.of(), List.of());
        }
        List<org.rdregistry.crypto.elgamal.Ciphertext> ciphertexts = new ArrayList<>(layout.size());
        List<SchnorrProof> proofs = new ArrayList<>(layout.size());
        for (Slot slot : layout.slots()) {
            long eta = new DiscreteGaussianSampler(noise.sigma2For(slot)).sample();
            Encryption n = elgamal.encrypt(jointKey, BigInteger.valueOf(eta), group.randomScalar());
            ciphertexts.add(n.ciphertext().normalize());
            proofs.add(SchnorrProof.prove(group, ReleaseContexts.NOISE_DOMAIN,
                    ReleaseContexts.noise(releaseId, cohort, trustee, slot.name()), n.ciphertext().alpha().normalize(),
                    n.randomness()));
        }
        return new TrusteeMessage.NoiseContribution(releaseId, trustee, ciphertexts, proofs);
    }
}

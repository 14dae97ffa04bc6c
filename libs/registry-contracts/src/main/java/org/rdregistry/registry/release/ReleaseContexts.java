package org.rdregistry.registry.release;

import org.rdregistry.crypto.group.ProofContext;

/**
 * Proof contexts of the release protocol (docs/design/releases.md): a noise proof is bound to the
 * release, the cohort, the contributing trustee and the slot, a decryption share to the release and
 * the slot, so that nothing can be replayed into another release, slot or trustee's name.
 */
public final class ReleaseContexts {

    public static final String NOISE_DOMAIN = "release/noise";

    private ReleaseContexts() {
    }

    public static ProofContext noise(String releaseId, String cohort, int trustee, String slot) {
        return ProofContext.of("release", releaseId).with("cohort", cohort)
                .with("trustee", Integer.toString(trustee)).with("slot", slot);
    }

    public static ProofContext decryption(String releaseId, String cohort, String slot) {
        return ProofContext.of("release", releaseId).with("cohort", cohort).with("slot", slot);
    }
}

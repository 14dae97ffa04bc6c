package org.rdregistry.crypto.decrypt;

import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.InvalidEncodingException;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.proof.DleqProof;
import org.rdregistry.crypto.proof.VerificationResult;

/**
 * Partial decryption with proof (spec §4.7): the trustee side ({@link #partialDecrypt}) and the
 * check of one share ({@link #verify}, checks T.1-T.3). The proof's context binds the caller's
 * {@link ProofContext} (for example a release id), the joint key, the whole ciphertext and the trustee
 * index, so a share cannot be replayed for another ciphertext, release, key or trustee.
 */
public final class ThresholdDecryption {

    /** Fiat-Shamir domain of partial-decryption proofs. */
    public static final String DOMAIN = "decrypt/partial";

    private ThresholdDecryption() {
    }

    /** D_i = x_i·alpha and its DLEQ proof (g1 = G, h1 = Y_i, g2 = alpha, h2 = D_i). */
    public static PartialDecryption partialDecrypt(TrusteeKeyShare share, Ciphertext ciphertext, ProofContext context) {
        Objects.requireNonNull(context, "context");
        GroupContext group = share.group();
        VerificationResult form = checkCiphertext(group, ciphertext, "T.1");
        if (!form.valid()) {
            throw new IllegalArgumentException("check " + form.check() + ": " + form.reason());
        }
        ECPoint alpha = ciphertext.alpha().normalize();
        ECPoint d = group.multiplySecret(alpha, share.secret()).normalize();
        DleqProof.Statement statement = new DleqProof.Statement(group.generator(), share.verificationKey(), alpha, d);
        DleqProof proof = DleqProof.prove(group, DOMAIN,
                proofContext(share.jointKey(), ciphertext, context, share.index()), statement, share.secret());
        return new PartialDecryption(share.index(), d, proof);
    }

    /** Checks T.1 (ciphertext), T.2 (share form) and T.3 (DLEQ proof) for one share. */
    public static VerificationResult verify(JointKey key, Ciphertext ciphertext, ProofContext context,
                                            PartialDecryption share) {
        GroupContext group = key.group();
        VerificationResult form = checkCiphertext(group, ciphertext, "T.1");
        if (!form.valid()) {
            return form;
        }
        int i = share.trusteeIndex();
        if (!key.isIndex(i)) {
            return VerificationResult.fail("T.2", "trustee index " + i + " outside 1.." + key.participants());
        }
        ECPoint d = share.share();
        if (!validPoint(group, d) || !validPoint(group, share.proof().a1()) || !validPoint(group, share.proof().a2())) {
            return VerificationResult.fail("T.2", "share or proof commitment is not a valid point");
        }
        DleqProof.Statement statement = new DleqProof.Statement(group.generator(), key.verificationKey(i),
                ciphertext.alpha().normalize(), d);
        VerificationResult r = share.proof().verify(group, DOMAIN, proofContext(key, ciphertext, context, i), statement);
        if (!r.valid()) {
            return VerificationResult.fail("T.3", "proof fails " + r.check() + ": " + r.reason());
        }
        return VerificationResult.ok();
    }

    /**
     * The context hashed by the DLEQ proof: caller context, joint key Y, alpha, beta and trustee index
     * (spec §4.7).
     */
    public static ProofContext proofContext(JointKey key, Ciphertext ciphertext, ProofContext caller, int trustee) {
        GroupContext group = key.group();
        return ProofContext.empty()
                .with("caller", caller.toBytes())
                .with("joint-key", key.publicKey().encoded())
                .with("alpha", group.encodePoint(ciphertext.alpha()))
                .with("beta", group.encodePoint(ciphertext.beta()))
                .with("trustee", trustee);
    }

    /**
     * Spec check T.1 / S.1: both components are points of the key's curve and alpha is not the point at
     * infinity (a ciphertext with alpha = O has randomness 0 and needs no key to read).
     */
    public static VerificationResult checkCiphertext(GroupContext group, Ciphertext c, String check) {
        try {
            group.requireOnCurve(c.alpha(), false);
            group.requireOnCurve(c.beta(), true);
        } catch (InvalidEncodingException e) {
            return VerificationResult.fail(check, "malformed ciphertext: " + e.getMessage());
        }
        return VerificationResult.ok();
    }

    static boolean validPoint(GroupContext group, ECPoint p) {
        return p != null && group.curve().equals(p.getCurve()) && !p.isInfinity() && p.isValid();
    }
}

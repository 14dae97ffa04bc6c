package org.rdregistry.crypto.keyswitch;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.decrypt.ShareSelection;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.Lagrange;
import org.rdregistry.crypto.proof.VerificationResult;

/**
 * Combines key-switch shares with public data only (spec §5.3): verifies every share, names invalid
 * ones, and combines t valid shares from distinct trustees into
 * (sum lambda_i U_i, beta + sum lambda_i W_i), an encryption of the same plaintext under T with
 * randomness v = sum lambda_i v_i. Stateless and thread-safe.
 */
public final class KeySwitchCombiner {

    private final JointKey key;

    public KeySwitchCombiner(JointKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** Verifies one share (checks S.1-S.5). */
    public VerificationResult verify(Ciphertext ciphertext, PublicKey target, ProofContext context, KeySwitchShare share) {
        return KeySwitch.verifyShare(key, ciphertext, target, context, share);
    }

    /** Every invalid share, with trustee and failed check. */
    public List<InvalidShare> identifyInvalid(Ciphertext ciphertext, PublicKey target, ProofContext context,
                                              Collection<KeySwitchShare> shares) {
        return ShareSelection.invalid(shares, KeySwitchShare::trusteeIndex, s -> verify(ciphertext, target, context, s));
    }

    /**
     * Verifies all shares and combines t valid ones (checks S.6-S.7).
     *
     * @throws org.rdregistry.crypto.decrypt.InsufficientSharesException naming the invalid trustees if fewer than t
     *     distinct trustees sent a valid share
     * @throws org.rdregistry.crypto.proof.VerificationException if the ciphertext or target key is malformed (S.1)
     */
    public KeySwitchResult combine(Ciphertext ciphertext, PublicKey target, ProofContext context,
                                   Collection<KeySwitchShare> shares) {
        GroupContext group = key.group();
        KeySwitch.checkInputs(group, ciphertext, target).orThrow();
        ShareSelection.Selection<KeySwitchShare> selection = ShareSelection.select(key.threshold(), "S.6", shares,
                KeySwitchShare::trusteeIndex, s -> verify(ciphertext, target, context, s));
        Map<Integer, BigInteger> lambda = Lagrange.coefficientsAtZero(group, selection.chosenIndices());
        int t = selection.chosen().size();
        ECPoint[] u = new ECPoint[t];
        ECPoint[] w = new ECPoint[t];
        BigInteger[] l = new BigInteger[t];
        for (int k = 0; k < t; k++) {
            KeySwitchShare s = selection.chosen().get(k);
            u[k] = s.u();
            w[k] = s.w();
            l[k] = lambda.get(s.trusteeIndex());
        }
        ECPoint alpha = ECAlgorithms.sumOfMultiplies(u, l).normalize();
        ECPoint wSum = group.infinity();
        for (int k = 0; k < t; k++) {
            wSum = wSum.add(group.multiplyPublic(w[k], l[k])); // W_i may be O: no interleaved multi-scalar sum
        }
        ECPoint beta = ciphertext.beta().add(wSum).normalize();
        return new KeySwitchResult(new Ciphertext(alpha, beta), selection.chosenIndices(), selection.invalid());
    }
}

package org.rdregistry.crypto.decrypt;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.Lagrange;
import org.rdregistry.crypto.proof.VerificationResult;

/**
 * Combines partial decryptions (spec §4.8) with only public data: verifies every share, names the
 * trustees whose shares are invalid, and combines t valid shares from distinct trustees with Lagrange
 * coefficients at 0: x·alpha = sum lambda_i D_i, M = beta - x·alpha. Stateless and thread-safe.
 */
public final class DecryptionCombiner {

    private final JointKey key;

    public DecryptionCombiner(JointKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    public JointKey key() {
        return key;
    }

    /** Verifies one share (checks T.1-T.3). */
    public VerificationResult verify(Ciphertext ciphertext, ProofContext context, PartialDecryption share) {
        return ThresholdDecryption.verify(key, ciphertext, context, share);
    }

    /** Every invalid share among {@code shares}, with its trustee and failed check; empty if all are valid. */
    public List<InvalidShare> identifyInvalid(Ciphertext ciphertext, ProofContext context,
                                              Collection<PartialDecryption> shares) {
        return ShareSelection.invalid(shares, PartialDecryption::trusteeIndex, s -> verify(ciphertext, context, s));
    }

    /**
     * Verifies all shares and combines t valid ones into M = mG (checks T.4-T.6).
     *
     * @throws InsufficientSharesException with the invalid trustees if fewer than t distinct trustees sent a valid share
     * @throws org.rdregistry.crypto.proof.VerificationException if the ciphertext itself is malformed (T.1)
     */
    public CombinedDecryption combine(Ciphertext ciphertext, ProofContext context, Collection<PartialDecryption> shares) {
        GroupContext group = key.group();
        ThresholdDecryption.checkCiphertext(group, ciphertext, "T.1").orThrow();
        ShareSelection.Selection<PartialDecryption> selection = ShareSelection.select(key.threshold(), "T.5", shares,
                PartialDecryption::trusteeIndex, s -> verify(ciphertext, context, s));
        Map<Integer, BigInteger> lambda = Lagrange.coefficientsAtZero(group, selection.chosenIndices());
        ECPoint[] points = new ECPoint[selection.chosen().size()];
        BigInteger[] scalars = new BigInteger[points.length];
        for (int k = 0; k < points.length; k++) {
            PartialDecryption p = selection.chosen().get(k);
            points[k] = p.share();
            scalars[k] = lambda.get(p.trusteeIndex());
        }
        ECPoint xAlpha = ECAlgorithms.sumOfMultiplies(points, scalars);
        ECPoint m = ciphertext.beta().subtract(xAlpha).normalize();
        return new CombinedDecryption(m, selection.chosenIndices(), selection.invalid());
    }

    /** The plaintext as a group element M (for example a hybrid-encryption key element). */
    public ECPoint combineToPoint(Ciphertext ciphertext, ProofContext context, Collection<PartialDecryption> shares) {
        return combine(ciphertext, context, shares).plaintextPoint();
    }

    /**
     * The plaintext integer m with M = mG (check T.7).
     *
     * @throws org.rdregistry.crypto.elgamal.PlaintextOutOfRangeException if m is outside the table's range
     */
    public long decrypt(Ciphertext ciphertext, ProofContext context, Collection<PartialDecryption> shares,
                        DiscreteLog discreteLog) {
        return discreteLog.solve(combineToPoint(ciphertext, context, shares));
    }
}

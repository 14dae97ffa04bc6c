package org.rdregistry.crypto.keyswitch;

import java.math.BigInteger;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.group.Transcript;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.proof.VerificationResult;

/**
 * MedCo-style threshold key switching (spec §5): trustees turn a ciphertext (alpha, beta) under the
 * joint key Y into a ciphertext of the same plaintext under a target key T, without anyone learning
 * the plaintext. Trustee i contributes U_i = v_i·G, W_i = v_i·T - x_i·alpha with a proof; any t valid
 * shares combine to (sum lambda_i U_i, beta + sum lambda_i W_i). The discrete log of the plaintext is
 * never needed, so this works for exponential ciphertexts and for encryptions of group elements.
 */
public final class KeySwitch {

    /** Fiat-Shamir domain of key-switch share proofs. */
    public static final String DOMAIN = "keyswitch/share";

    private KeySwitch() {
    }

    /** Trustee side: a fresh share and its proof (spec §5.1-5.2). */
    public static KeySwitchShare createShare(TrusteeKeyShare share, Ciphertext ciphertext, PublicKey target,
                                             ProofContext context) {
        Objects.requireNonNull(context, "context");
        GroupContext group = share.group();
        VerificationResult form = checkInputs(group, ciphertext, target);
        if (!form.valid()) {
            throw new IllegalArgumentException("check " + form.check() + ": " + form.reason());
        }
        JointKey key = share.jointKey();
        ECPoint alpha = ciphertext.alpha().normalize();
        ECPoint t = target.point();
        BigInteger x = share.secret();
        BigInteger v = group.randomScalar();
        ECPoint u = group.multiplyG(v);
        ECPoint w = group.multiplySecret(t, v).subtract(group.multiplySecret(alpha, x)).normalize();
        BigInteger a;
        BigInteger b;
        ECPoint t2;
        do { // t2 = O has probability 1/q; redraw so that every commitment is a proper point (check S.2)
            a = group.randomScalar();
            b = group.randomScalar();
            t2 = group.multiplySecret(t, a).subtract(group.multiplySecret(alpha, b)).normalize();
        } while (t2.isInfinity());
        ECPoint t1 = group.multiplyG(a);
        ECPoint t3 = group.multiplyG(b);
        BigInteger c = challenge(key, ciphertext, target, context, share.index(), u, w, t1, t2, t3);
        BigInteger q = group.order();
        KeySwitchProof proof = new KeySwitchProof(t1, t2, t3, a.add(c.multiply(v)).mod(q), b.add(c.multiply(x)).mod(q));
        return new KeySwitchShare(share.index(), u, w, proof);
    }

    /**
     * c = H(domain, context, Y, i, Y_i, T, alpha, beta, U_i, W_i, t1, t2, t3) (spec §5.2).
     */
    public static BigInteger challenge(JointKey key, Ciphertext ciphertext, PublicKey target, ProofContext context,
                                       int trustee, ECPoint u, ECPoint w, ECPoint t1, ECPoint t2, ECPoint t3) {
        return Transcript.start(key.group(), DOMAIN, context)
                .append("Y", key.publicKey().point())
                .append("i", trustee)
                .append("Y_i", key.verificationKey(trustee))
                .append("T", target.point())
                .append("alpha", ciphertext.alpha())
                .append("beta", ciphertext.beta())
                .append("U", u)
                .append("W", w)
                .append("t1", t1)
                .append("t2", t2)
                .append("t3", t3)
                .challenge();
    }

    /** Checks S.1-S.5 for one share. */
    public static VerificationResult verifyShare(JointKey key, Ciphertext ciphertext, PublicKey target,
                                                 ProofContext context, KeySwitchShare share) {
        GroupContext group = key.group();
        VerificationResult form = checkInputs(group, ciphertext, target);
        if (!form.valid()) {
            return form;
        }
        int i = share.trusteeIndex();
        if (!key.isIndex(i)) {
            return VerificationResult.fail("S.2", "trustee index " + i + " outside 1.." + key.participants());
        }
        KeySwitchProof p = share.proof();
        BigInteger q = group.order();
        if (!proper(group, share.u()) || !onCurve(group, share.w()) || !proper(group, p.t1()) || !proper(group, p.t2())
                || !proper(group, p.t3()) || p.zv().signum() < 0 || p.zv().compareTo(q) >= 0
                || p.zx().signum() < 0 || p.zx().compareTo(q) >= 0) {
            return VerificationResult.fail("S.2", "malformed share or proof values");
        }
        BigInteger c = challenge(key, ciphertext, target, context, i, share.u(), share.w(), p.t1(), p.t2(), p.t3());
        BigInteger minusC = q.subtract(c);
        if (!group.sumOfTwoPublic(group.generator(), p.zv(), share.u(), minusC).equals(p.t1())) {
            return VerificationResult.fail("S.3", "z_v*G != t1 + c*U_i");
        }
        ECPoint lhs = group.sumOfTwoPublic(target.point(), p.zv(), ciphertext.alpha(), q.subtract(p.zx()))
                .add(group.multiplyPublic(share.w(), minusC)); // W_i may be O, which the interleaved sums do not take
        if (!lhs.equals(p.t2())) {
            return VerificationResult.fail("S.4", "z_v*T - z_x*alpha != t2 + c*W_i");
        }
        if (!group.sumOfTwoPublic(group.generator(), p.zx(), key.verificationKey(i), minusC).equals(p.t3())) {
            return VerificationResult.fail("S.5", "z_x*G != t3 + c*Y_i");
        }
        return VerificationResult.ok();
    }

    /** Spec check S.1: the ciphertext is well-formed (as T.1) and the target key is on the same curve. */
    static VerificationResult checkInputs(GroupContext group, Ciphertext ciphertext, PublicKey target) {
        if (target.group() != group) {
            return VerificationResult.fail("S.1", "target key on another curve");
        }
        return ThresholdDecryption.checkCiphertext(group, ciphertext, "S.1");
    }

    private static boolean proper(GroupContext group, ECPoint p) {
        return onCurve(group, p) && !p.isInfinity();
    }

    private static boolean onCurve(GroupContext group, ECPoint p) {
        return p != null && group.curve().equals(p.getCurve()) && (p.isInfinity() || p.isValid());
    }
}

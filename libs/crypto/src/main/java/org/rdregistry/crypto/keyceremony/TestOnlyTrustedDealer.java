package org.rdregistry.crypto.keyceremony;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;

/**
 * <b>For tests only. Never use in production.</b> A trusted dealer that knows the whole registry secret
 * and splits it into Shamir shares, which defeats the purpose of threshold keys: the secret exists in
 * one place. It exists so that tests of partial decryption, key switching and the services can get
 * {@link TrusteeKeyShare}s (identical in form and behaviour to those of the distributed ceremony)
 * without running a ceremony, and so that tests can compare against the full secret.
 */
public final class TestOnlyTrustedDealer {

    private TestOnlyTrustedDealer() {
    }

    /** The dealt key: the full secret (tests only), the public part and one share per trustee. */
    public record Deal(BigInteger secret, JointKey jointKey, List<TrusteeKeyShare> shares) {

        public Deal {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(jointKey, "jointKey");
            shares = List.copyOf(shares);
        }

        /** The share of trustee i (1..n). */
        public TrusteeKeyShare share(int i) {
            return shares.get(i - 1);
        }

        /** The full registry key pair (tests only). */
        public KeyPair keyPair() {
            return new KeyPair(secret, jointKey.publicKey());
        }

        @Override
        public String toString() {
            return "Deal[" + jointKey + ", secret=<redacted>]";
        }
    }

    /** Splits a fresh random secret t-of-n. */
    public static Deal deal(GroupContext group, int threshold, int participants) {
        return deal(group, threshold, participants, group.randomScalar());
    }

    /** Splits the given secret x in [1, q-1] t-of-n: f(0) = x, x_j = f(j), Y_j = x_j·G. */
    public static Deal deal(GroupContext group, int threshold, int participants, BigInteger secret) {
        if (threshold < 1 || threshold > participants || participants > CeremonyParameters.MAX_PARTICIPANTS) {
            throw new IllegalArgumentException("need 1 <= t <= n <= " + CeremonyParameters.MAX_PARTICIPANTS);
        }
        if (secret.signum() <= 0 || secret.compareTo(group.order()) >= 0) {
            throw new IllegalArgumentException("secret out of range");
        }
        BigInteger[] a = new BigInteger[threshold];
        a[0] = secret;
        for (int k = 1; k < threshold; k++) {
            a[k] = group.randomScalar();
        }
        List<BigInteger> x = new ArrayList<>();
        List<ECPoint> y = new ArrayList<>();
        for (int j = 1; j <= participants; j++) {
            BigInteger xj = CeremonyChecks.evaluatePolynomial(group, a, j);
            if (xj.signum() == 0) {
                return deal(group, threshold, participants, secret); // probability ~ n/q: redraw the polynomial
            }
            x.add(xj);
            y.add(group.multiplyG(xj));
        }
        PublicKey publicKey = new PublicKey(group, group.multiplyG(secret));
        List<TrusteeKeyShare> shares = new ArrayList<>();
        for (int j = 1; j <= participants; j++) {
            shares.add(new TrusteeKeyShare(j, x.get(j - 1), threshold, publicKey, y));
        }
        return new Deal(secret, new JointKey(threshold, publicKey, y), shares);
    }
}

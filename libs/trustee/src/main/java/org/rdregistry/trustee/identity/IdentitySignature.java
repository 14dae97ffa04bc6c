package org.rdregistry.trustee.identity;

import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.InvalidEncodingException;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.SchnorrProof;

/**
 * Schnorr signatures with a trustee's identity key, built from the crypto core's {@link SchnorrProof}:
 * a Fiat-Shamir proof of knowledge of the identity secret d for D = d·G whose challenge also hashes
 * the message,
 *
 * <pre>
 *   w random in [1, q-1], R = w·G
 *   c = H("trustee/message-signature", message, "K": D, "R": R)      (Transcript of spec §1.4)
 *   z = w + c·d mod q;  signature = enc(R) ‖ enc32(z)   (65 bytes)
 *   verify: R valid, z &lt; q, z·G = R + c·D
 * </pre>
 *
 * This is the classic key-prefixed Schnorr signature (EUF-CMA in the random-oracle model under the
 * discrete-logarithm assumption). It was chosen over ECDSA because it reuses the library's audited
 * transcript hashing, point validation and constant-time base multiplication, needs no key conversion
 * to the JCA, and its domain separation keeps a signature from ever being valid as any proof of the
 * ceremony itself. The message is a {@link ProofContext} (length-prefixed labelled fields), so no two
 * different messages have the same encoding.
 */
public final class IdentitySignature {

    /** Fiat-Shamir domain of identity signatures. */
    public static final String DOMAIN = "trustee/message-signature";
    /** Length of an encoded signature. */
    public static final int BYTES = GroupContext.POINT_BYTES + GroupContext.SCALAR_BYTES;

    private IdentitySignature() {
    }

    public static byte[] sign(KeyPair identity, ProofContext message) {
        GroupContext group = identity.group();
        SchnorrProof proof = SchnorrProof.prove(group, DOMAIN, message, identity.publicKey().point(), identity.secret());
        byte[] out = Arrays.copyOf(group.encodePoint(proof.commitment()), BYTES);
        System.arraycopy(group.encodeScalar(proof.response()), 0, out, GroupContext.POINT_BYTES, GroupContext.SCALAR_BYTES);
        return out;
    }

    /** Whether {@code signature} is a valid signature of {@code message} by {@code identity}. */
    public static boolean verify(PublicKey identity, ProofContext message, byte[] signature) {
        if (signature == null || signature.length != BYTES) {
            return false;
        }
        GroupContext group = identity.group();
        ECPoint r;
        BigInteger z;
        try {
            r = group.decodePoint(Arrays.copyOfRange(signature, 0, GroupContext.POINT_BYTES));
            z = group.decodeScalar(Arrays.copyOfRange(signature, GroupContext.POINT_BYTES, BYTES));
        } catch (InvalidEncodingException e) {
            return false;
        }
        return new SchnorrProof(r, z).verify(group, DOMAIN, message, identity.point()).valid();
    }
}

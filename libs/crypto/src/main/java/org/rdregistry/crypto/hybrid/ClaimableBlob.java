package org.rdregistry.crypto.hybrid;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.InvalidEncodingException;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.proof.VerificationResult;

/**
 * A blob for "whoever claims this case" (spec §7.4): the payload is encrypted under a key derived
 * from a random group element M = mG, and M itself is ElGamal-encrypted (as a group element) under
 * the registry's joint key. Nobody can open the blob until the trustees key-switch Enc(M) to a
 * claimant's public key; the claimant then recovers M with {@code ElGamal.decryptToPoint} and opens
 * the blob. The payload never has to be re-encrypted per claimant.
 *
 * <pre>
 *   encryptedKeyPoint = (alpha, beta) = (rG, M + rY)
 *   key = HKDF-SHA256(ikm = enc(M), salt = "rdregistry/v1/claimable",
 *                     info = u16(len label) || label || enc(alpha) || enc(beta), 32)
 *   ciphertext = AES-256-GCM(key, nonce, payload, aad)
 * </pre>
 *
 * The key is bound to the blob's own (alpha, beta), so a blob whose key ciphertext was swapped or
 * re-randomised does not open; re-randomised or key-switched copies of Enc(M) used for transport
 * still yield M, which opens the original blob.
 *
 * @param encryptedKeyPoint Enc(M) under the joint key, exactly as sealed
 * @param nonce the 12-byte GCM nonce
 * @param ciphertext the AES-GCM ciphertext with its 16-byte tag
 */
public record ClaimableBlob(Ciphertext encryptedKeyPoint, byte[] nonce, byte[] ciphertext) {

    private static final byte[] SALT = "rdregistry/v1/claimable".getBytes(StandardCharsets.UTF_8);

    /** Structural checks (spec check H.3); point validation happens when the blob is opened (H.1). */
    public ClaimableBlob {
        Objects.requireNonNull(encryptedKeyPoint, "encryptedKeyPoint");
        encryptedKeyPoint = encryptedKeyPoint.normalize();
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
        if (nonce.length != AesGcm.NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be 12 bytes (check H.3)");
        }
        if (ciphertext.length < AesGcm.TAG_BITS / 8) {
            throw new IllegalArgumentException("ciphertext shorter than the tag (check H.3)");
        }
    }

    /**
     * Seals {@code plaintext} for whoever will obtain M: picks m, r at random, encrypts M = mG under
     * {@code jointKey} and the payload under the key derived from M.
     */
    public static ClaimableBlob seal(PublicKey jointKey, String label, byte[] plaintext, byte[] aad) {
        return sealWithRandomness(jointKey, label, plaintext, aad).blob();
    }

    /** Fiat-Shamir domain of the proof that binds Enc(M) to its context (spec check H.4). */
    public static final String KEY_PROOF_DOMAIN = "hybrid/claimable-key";

    /** A sealed blob with a proof of knowledge of the randomness r of its Enc(M) = (rG, M + rY). */
    public record Proven(ClaimableBlob blob, SchnorrProof keyProof) {
        public Proven {
            Objects.requireNonNull(blob, "blob");
            Objects.requireNonNull(keyProof, "keyProof");
        }
    }

    /**
     * Seals as {@link #seal} and proves knowledge of r with alpha = rG under {@code context} (which must
     * name what the blob belongs to) and the whole (alpha, beta). Only whoever sealed the blob knows r,
     * so Enc(M) copied (or re-randomised) into another context cannot carry a valid proof, and trustees
     * that check it never key-switch another case's M to a claimant of the copy (spec check H.4).
     */
    public static Proven sealProven(PublicKey jointKey, String label, byte[] plaintext, byte[] aad,
                                    ProofContext context) {
        Objects.requireNonNull(context, "context");
        Sealed sealed = sealWithRandomness(jointKey, label, plaintext, aad);
        GroupContext group = jointKey.group();
        Ciphertext key = sealed.blob().encryptedKeyPoint();
        SchnorrProof proof = SchnorrProof.prove(group, KEY_PROOF_DOMAIN, keyProofContext(group, context, key),
                key.alpha(), sealed.r());
        return new Proven(sealed.blob(), proof);
    }

    /** Spec check H.4: the proof shows knowledge of this blob's key randomness under {@code context}. */
    public VerificationResult verifyKeyProof(SchnorrProof proof, ProofContext context) {
        Objects.requireNonNull(proof, "proof");
        GroupContext group;
        try {
            group = group();
        } catch (InvalidEncodingException e) {
            return VerificationResult.fail("H.4", "invalid key ciphertext");
        }
        VerificationResult r = proof.verify(group, KEY_PROOF_DOMAIN, keyProofContext(group, context,
                encryptedKeyPoint), encryptedKeyPoint.alpha());
        return r.valid() ? r : VerificationResult.fail("H.4", "key proof invalid: " + r.reason());
    }

    private static ProofContext keyProofContext(GroupContext group, ProofContext context, Ciphertext key) {
        return context.with("key-alpha", group.encodePoint(key.alpha())).with("key-beta", group.encodePoint(key.beta()));
    }

    private record Sealed(ClaimableBlob blob, BigInteger r) {
    }

    private static Sealed sealWithRandomness(PublicKey jointKey, String label, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(jointKey, "jointKey");
        Objects.requireNonNull(plaintext, "plaintext");
        GroupContext group = jointKey.group();
        HybridEncryption.encodeLabel(label); // check H.3 before any work
        ECPoint keyPoint = group.multiplyG(group.randomScalar());
        Ciphertext encrypted;
        BigInteger r;
        do {
            r = group.randomScalar();
            ECPoint alpha = group.multiplyG(r);
            ECPoint beta = keyPoint.add(group.multiplyFixed(jointKey.point(), r)).normalize();
            encrypted = new Ciphertext(alpha, beta);
        } while (encrypted.beta().isInfinity()); // probability about 2^-256
        byte[] nonce = new byte[AesGcm.NONCE_BYTES];
        group.random().nextBytes(nonce);
        byte[] key = deriveKey(group, label, keyPoint, encrypted);
        try {
            return new Sealed(new ClaimableBlob(encrypted, nonce, AesGcm.encrypt(key, nonce, plaintext, aad)), r);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Opens the blob with the key point M (obtained by decrypting a key-switched Enc(M)).
     *
     * @throws InvalidEncodingException if M or the blob's points are not valid points of one curve
     *     (check H.1)
     * @throws AuthenticationFailedException if M, the label, the associated data or any byte of the
     *     blob is wrong (check H.2)
     */
    public byte[] open(ECPoint keyPoint, String label, byte[] aad) {
        GroupContext group = group();
        group.requireOnCurve(keyPoint, false);
        byte[] key = deriveKey(group, label, keyPoint.normalize(), encryptedKeyPoint);
        try {
            return AesGcm.decrypt(key, nonce, ciphertext, aad);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Opens the blob for a claimant holding {@code recipient}, given Enc(M) under the claimant's own
     * key (the output of the trustees' key switch): M = beta' - sk·alpha'.
     */
    public byte[] open(KeyPair recipient, Ciphertext keyPointForRecipient, String label, byte[] aad) {
        Objects.requireNonNull(recipient, "recipient");
        GroupContext group = group();
        if (recipient.group() != group) {
            throw new InvalidEncodingException("key pair belongs to " + recipient.group().name() + ", blob to "
                    + group.name() + " (check H.1)");
        }
        group.requireOnCurve(keyPointForRecipient.alpha(), false);
        group.requireOnCurve(keyPointForRecipient.beta(), true);
        ECPoint keyPoint = new ElGamal(group).decryptToPoint(recipient.secret(), keyPointForRecipient);
        if (keyPoint.isInfinity()) {
            throw new AuthenticationFailedException("key ciphertext does not decrypt to a key point (check H.2)");
        }
        return open(keyPoint, label, aad);
    }

    /** The curve context of this blob, from its key ciphertext; both points are validated (check H.1). */
    public GroupContext group() {
        ECPoint alpha = encryptedKeyPoint.alpha();
        for (GroupContext g : new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()}) {
            if (g.curve().equals(alpha.getCurve())) {
                g.requireOnCurve(alpha, false);
                g.requireOnCurve(encryptedKeyPoint.beta(), false);
                return g;
            }
        }
        throw new InvalidEncodingException("blob key ciphertext is on an unsupported curve (check H.1)");
    }

    static byte[] deriveKey(GroupContext group, String label, ECPoint keyPoint, Ciphertext encrypted) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(HybridEncryption.encodeLabel(label));
        info.writeBytes(group.encodePoint(encrypted.alpha()));
        info.writeBytes(group.encodePoint(encrypted.beta()));
        byte[] ikm = group.encodePoint(keyPoint);
        try {
            return Hkdf.sha256(ikm, SALT, info.toByteArray(), AesGcm.KEY_BYTES);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClaimableBlob b && encryptedKeyPoint.equals(b.encryptedKeyPoint)
                && Arrays.equals(nonce, b.nonce) && Arrays.equals(ciphertext, b.ciphertext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "ClaimableBlob[" + ciphertext.length + " bytes]";
    }
}

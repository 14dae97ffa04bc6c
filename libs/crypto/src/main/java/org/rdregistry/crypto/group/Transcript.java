package org.rdregistry.crypto.group;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Domain-separated Fiat-Shamir transcript (spec §1.4). The challenge hashes, in order: the protocol
 * domain tag, the curve name and generator, the caller's {@link ProofContext}, then every labelled
 * element of the statement and the prover's commitments. Each element is length-prefixed so that
 * no two different transcripts hash the same bytes.
 *
 * <p>The challenge is SHA-256(0x00 || T) || SHA-256(0x01 || T) read as a 512-bit integer and reduced
 * mod n, which makes its distribution statistically indistinguishable from uniform.
 */
public final class Transcript {

    /** Prefix of every domain tag, with the spec version. */
    public static final String DOMAIN_PREFIX = "rdregistry/v1/";

    private final GroupContext group;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

    private Transcript(GroupContext group, String domain) {
        this.group = group;
        ProofContext.writeLengthPrefixed(buffer, (DOMAIN_PREFIX + domain).getBytes(StandardCharsets.UTF_8));
        ProofContext.writeLengthPrefixed(buffer, group.name().getBytes(StandardCharsets.UTF_8));
        ProofContext.writeLengthPrefixed(buffer, group.generatorEncoding());
    }

    /** Starts a transcript for the given protocol (for example "proof/zero-one"). */
    public static Transcript start(GroupContext group, String domain, ProofContext context) {
        Transcript t = new Transcript(group, domain);
        t.append("context", context.toBytes());
        return t;
    }

    public Transcript append(String label, byte[] value) {
        ProofContext.writeLengthPrefixed(buffer, label.getBytes(StandardCharsets.UTF_8));
        ProofContext.writeLengthPrefixed(buffer, value);
        return this;
    }

    public Transcript append(String label, ECPoint point) {
        return append(label, group.encodePoint(point));
    }

    public Transcript append(String label, BigInteger scalar) {
        return append(label, group.encodeScalar(group.reduce(scalar)));
    }

    public Transcript append(String label, long value) {
        return append(label, BigInteger.valueOf(value).toByteArray());
    }

    public Transcript append(String label, String value) {
        return append(label, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The challenge scalar in [0, n). */
    public BigInteger challenge() {
        byte[] t = buffer.toByteArray();
        byte[] wide = new byte[64];
        System.arraycopy(sha256((byte) 0, t), 0, wide, 0, 32);
        System.arraycopy(sha256((byte) 1, t), 0, wide, 32, 32);
        return new BigInteger(1, wide).mod(group.order());
    }

    private static byte[] sha256(byte prefix, byte[] data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(prefix);
            md.update(data);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

package org.rdregistry.crypto.group;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * The prime-order group every value lives in (spec §1). A context object instead of a global, so that
 * P-256 and secp256k1 values can coexist in one JVM and a value from one curve is never mixed with
 * the other.
 *
 * <p>Thread-safe and immutable; obtain instances with {@link #p256()}, {@link #secp256k1()} or
 * {@link #forName(String)} so that per-curve precomputation (fixed-base combs, the discrete-log table)
 * is shared.
 */
public final class GroupContext {

    /** Name of the default curve (NIST P-256). */
    public static final String P256 = "P-256";
    /** Name of the alternative curve. */
    public static final String SECP256K1 = "secp256k1";

    /** Length of a compressed point encoding in bytes (spec §1.2). */
    public static final int POINT_BYTES = 33;
    /** Length of a point's wire encoding in bytes: uncompressed SEC1 (spec §1.2.1, §8). */
    public static final int WIRE_POINT_BYTES = 65;
    /** Length of a scalar encoding in bytes (spec §1.3). */
    public static final int SCALAR_BYTES = 32;
    /** Length of one coordinate in the wire form (both curves have a 256-bit field). */
    private static final int COORDINATE_BYTES = 32;

    private static final GroupContext P256_CONTEXT = new GroupContext(P256, (byte) 1, "secp256r1");
    private static final GroupContext K1_CONTEXT = new GroupContext(SECP256K1, (byte) 2, "secp256k1");

    private final String name;
    private final byte id;
    private final ECCurve curve;
    private final ECPoint generator;
    private final BigInteger order;
    private final FixedPointCombMultiplier combMultiplier = new FixedPointCombMultiplier();
    private final SecureRandom random = new SecureRandom();
    private final byte[] generatorEncoding;

    private GroupContext(String name, byte id, String bcName) {
        X9ECParameters params = CustomNamedCurves.getByName(bcName);
        this.name = name;
        this.id = id;
        this.curve = params.getCurve();
        this.generator = params.getG().normalize();
        this.order = params.getN();
        if (!BigInteger.ONE.equals(params.getH())) {
            throw new IllegalStateException("cofactor must be 1 for " + name);
        }
        this.generatorEncoding = generator.getEncoded(true);
    }

    /** The default context: NIST P-256. */
    public static GroupContext p256() {
        return P256_CONTEXT;
    }

    /** The secp256k1 context. */
    public static GroupContext secp256k1() {
        return K1_CONTEXT;
    }

    /** Looks a context up by name ("P-256", "secp256r1", "secp256k1"), case-insensitively. */
    public static GroupContext forName(String name) {
        Objects.requireNonNull(name, "curve name");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "p-256", "p256", "secp256r1", "prime256v1" -> P256_CONTEXT;
            case "secp256k1" -> K1_CONTEXT;
            default -> throw new IllegalArgumentException("unsupported curve: " + name);
        };
    }

    /** Looks a context up by its one-byte wire identifier (spec §8.1). */
    public static GroupContext forId(byte id) {
        if (id == P256_CONTEXT.id) {
            return P256_CONTEXT;
        }
        if (id == K1_CONTEXT.id) {
            return K1_CONTEXT;
        }
        throw new IllegalArgumentException("unknown curve id: " + id);
    }

    public String name() {
        return name;
    }

    /** One-byte identifier of this curve in the wire format. */
    public byte id() {
        return id;
    }

    public ECCurve curve() {
        return curve;
    }

    /** The standard generator G. */
    public ECPoint generator() {
        return generator;
    }

    /** The prime group order n. */
    public BigInteger order() {
        return order;
    }

    public ECPoint infinity() {
        return curve.getInfinity();
    }

    /** The context's SecureRandom (thread-safe). */
    public SecureRandom random() {
        return random;
    }

    /** A uniformly random scalar in [1, n-1]. */
    public BigInteger randomScalar() {
        return BigIntegers.createRandomInRange(BigInteger.ONE, order.subtract(BigInteger.ONE), random);
    }

    /** A uniformly random scalar of {@code bits} bits (used for batch-verification weights). */
    public BigInteger randomShortScalar(int bits) {
        BigInteger r;
        do {
            r = BigIntegers.createRandomBigInteger(bits, random);
        } while (r.signum() == 0);
        return r;
    }

    /** Reduces any integer (negative included) into [0, n). */
    public BigInteger reduce(BigInteger k) {
        return k.mod(order);
    }

    public BigInteger reduce(long k) {
        return BigInteger.valueOf(k).mod(order);
    }

    /** k·G with BouncyCastle's regular fixed-point comb; safe for secret k. */
    public ECPoint multiplyG(BigInteger k) {
        return combMultiplier.multiply(generator, reduce(k)).normalize();
    }

    /**
     * k·P for a fixed base P that is used many times (a public key): the comb table is cached on the
     * point instance, and the comb is regular, so k may be secret.
     */
    public ECPoint multiplyFixed(ECPoint base, BigInteger k) {
        return combMultiplier.multiply(base, reduce(k));
    }

    /** k·P for a secret k and a variable P, with BouncyCastle's constant-time multiplier. */
    public ECPoint multiplySecret(ECPoint p, BigInteger k) {
        return ECAlgorithms.multiplySecret(p, reduce(k));
    }

    /** k·P for public k and P (variable time). */
    public ECPoint multiplyPublic(ECPoint p, BigInteger k) {
        return p.multiply(reduce(k));
    }

    /** a·P + b·Q for public scalars (variable time, interleaved). */
    public ECPoint sumOfTwoPublic(ECPoint p, BigInteger a, ECPoint q, BigInteger b) {
        return ECAlgorithms.sumOfTwoMultiplies(p, reduce(a), q, reduce(b));
    }

    /**
     * Compressed SEC1 encoding, 33 bytes (spec §1.2). The point at infinity is encoded as 33 zero
     * bytes; decoders accept it only where the spec allows it.
     */
    public byte[] encodePoint(ECPoint p) {
        if (p.isInfinity()) {
            return new byte[POINT_BYTES];
        }
        return p.getEncoded(true);
    }

    /** Decodes a point that must not be the point at infinity (spec check G.1). */
    public ECPoint decodePoint(byte[] encoded) {
        return decodePoint(encoded, false);
    }

    /**
     * Decodes and validates a compressed point (spec checks G.1-G.4): exact length, a compressed
     * prefix, x below the field prime, x on the curve, and re-encoding equal to the input. On these
     * cofactor-1 curves every on-curve point other than infinity lies in the prime-order group.
     */
    public ECPoint decodePoint(byte[] encoded, boolean allowInfinity) {
        if (encoded == null || encoded.length != POINT_BYTES) {
            throw new InvalidEncodingException("point must be " + POINT_BYTES + " bytes, got "
                    + (encoded == null ? "null" : encoded.length));
        }
        if (isAllZero(encoded)) {
            if (allowInfinity) {
                return curve.getInfinity();
            }
            throw new InvalidEncodingException("point at infinity not allowed here");
        }
        if (encoded[0] != 0x02 && encoded[0] != 0x03) {
            throw new InvalidEncodingException("point must use compressed encoding (prefix 02 or 03)");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, POINT_BYTES));
        if (x.compareTo(curve.getField().getCharacteristic()) >= 0) {
            throw new InvalidEncodingException("point x-coordinate not below the field prime");
        }
        ECPoint p;
        try {
            p = curve.decodePoint(encoded);
        } catch (RuntimeException e) {
            throw new InvalidEncodingException("not a point on " + name);
        }
        if (p.isInfinity() || !p.isValid()) {
            throw new InvalidEncodingException("not a valid point on " + name);
        }
        if (!Arrays.equals(p.getEncoded(true), encoded)) {
            throw new InvalidEncodingException("non-canonical point encoding");
        }
        return p;
    }

    /**
     * Uncompressed SEC1 encoding {@code 04 || x || y}, 65 bytes: the form points take on the wire
     * (spec §1.2.1). Decoding it costs an on-curve check instead of a square root (under 1 µs
     * against about 10 µs on P-256, {@code PointDecodingBenchmark}), which matters for records
     * carrying hundreds of points. The point at infinity is 65 zero bytes. Hashing (Fiat-Shamir, KDF
     * inputs) keeps the compressed form.
     */
    public byte[] encodeWirePoint(ECPoint p) {
        if (p.isInfinity()) {
            return new byte[WIRE_POINT_BYTES];
        }
        return p.normalize().getEncoded(false);
    }

    /**
     * Decodes and validates a wire point (spec checks G.7-G.9): exactly 65 bytes (65 zero bytes = O,
     * only where allowed), prefix {@code 04}, x and y below the field prime, (x, y) on the curve. The
     * encoding is canonical: coordinates below p have one representation, so no re-encoding check is
     * needed. As for compressed points, cofactor 1 makes every on-curve point other than O a group
     * element. Each rejection message names the problem, without the point's bytes.
     */
    public ECPoint decodeWirePoint(byte[] encoded, boolean allowInfinity) {
        // G.7: exact length; 65 zero bytes are O, accepted only where allowed
        if (encoded == null || encoded.length != WIRE_POINT_BYTES) {
            throw new InvalidEncodingException("point must be " + WIRE_POINT_BYTES + " bytes, got "
                    + (encoded == null ? "null" : encoded.length));
        }
        if (isAllZero(encoded)) {
            if (allowInfinity) {
                return curve.getInfinity();
            }
            throw new InvalidEncodingException("point at infinity not allowed here");
        }
        // G.8: uncompressed prefix only; compressed (02/03) and hybrid (06/07) forms are rejected
        if (encoded[0] != 0x04) {
            throw new InvalidEncodingException("point must use uncompressed encoding (prefix 04), got "
                    + describePrefix(encoded[0]));
        }
        // G.9: both coordinates below the field prime, and (x, y) on the curve
        BigInteger prime = curve.getField().getCharacteristic();
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 1 + COORDINATE_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 1 + COORDINATE_BYTES, WIRE_POINT_BYTES));
        if (x.compareTo(prime) >= 0) {
            throw new InvalidEncodingException("point x-coordinate not below the field prime");
        }
        if (y.compareTo(prime) >= 0) {
            throw new InvalidEncodingException("point y-coordinate not below the field prime");
        }
        ECPoint p;
        try {
            p = curve.validatePoint(x, y);
        } catch (RuntimeException e) {
            throw new InvalidEncodingException("point (x, y) not on " + name);
        }
        if (p.isInfinity()) {
            throw new InvalidEncodingException("not a valid point on " + name);
        }
        return p;
    }

    private static String describePrefix(byte prefix) {
        String hex = String.format("%02x", prefix & 0xff);
        return switch (prefix) {
            case 0x02, 0x03 -> "compressed prefix " + hex;
            case 0x06, 0x07 -> "hybrid prefix " + hex;
            default -> "prefix " + hex;
        };
    }

    /** Checks that a point object (not from bytes) belongs to this curve and is valid. */
    public ECPoint requireOnCurve(ECPoint p, boolean allowInfinity) {
        Objects.requireNonNull(p, "point");
        if (!curve.equals(p.getCurve())) {
            throw new InvalidEncodingException("point belongs to another curve");
        }
        if (p.isInfinity()) {
            if (allowInfinity) {
                return p;
            }
            throw new InvalidEncodingException("point at infinity not allowed here");
        }
        if (!p.isValid()) {
            throw new InvalidEncodingException("point is not on " + name);
        }
        return p;
    }

    /** 32-byte big-endian scalar encoding (spec §1.3). */
    public byte[] encodeScalar(BigInteger k) {
        if (k.signum() < 0 || k.compareTo(order) >= 0) {
            throw new IllegalArgumentException("scalar out of range");
        }
        return BigIntegers.asUnsignedByteArray(SCALAR_BYTES, k);
    }

    /** Decodes a scalar, rejecting a wrong length and values not below n (spec check G.5). */
    public BigInteger decodeScalar(byte[] encoded) {
        if (encoded == null || encoded.length != SCALAR_BYTES) {
            throw new InvalidEncodingException("scalar must be " + SCALAR_BYTES + " bytes, got "
                    + (encoded == null ? "null" : encoded.length));
        }
        BigInteger k = new BigInteger(1, encoded);
        if (k.compareTo(order) >= 0) {
            throw new InvalidEncodingException("scalar not below the group order");
        }
        return k;
    }

    /** Canonical generator encoding, hashed into every Fiat-Shamir transcript. */
    byte[] generatorEncoding() {
        return generatorEncoding.clone();
    }

    private static boolean isAllZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    @Override
    public String toString() {
        return "GroupContext[" + name + "]";
    }
}

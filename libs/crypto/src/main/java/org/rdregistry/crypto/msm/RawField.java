package org.rdregistry.crypto.msm;

import java.math.BigInteger;

import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.custom.sec.SecP256K1Curve;
import org.bouncycastle.math.ec.custom.sec.SecP256K1Field;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * Allocation-free arithmetic in the 256-bit base field of P-256 or secp256k1 on BouncyCastle's raw
 * representation (eight little-endian 32-bit limbs, always fully reduced), delegating every operation
 * to BouncyCastle's field code ({@link SecP256R1Field}, {@link SecP256K1Field}). Only the point
 * formulas of {@link AffineBatchAdder} are written here.
 */
abstract class RawField {

    /** The curve coefficient a in y^2 = x^3 + ax + b. */
    final int[] a;

    private RawField(BigInteger a) {
        this.a = Nat256.fromBigInteger(a);
    }

    /** The raw field of {@code curve}, or null if the curve has no 256-bit custom field here. */
    static RawField forCurve(ECCurve curve) {
        if (curve instanceof SecP256R1Curve) {
            return new P256(curve.getA().toBigInteger());
        }
        if (curve instanceof SecP256K1Curve) {
            return new K1(curve.getA().toBigInteger());
        }
        return null;
    }

    abstract void multiply(int[] x, int[] y, int[] z, int[] tt);

    abstract void square(int[] x, int[] z, int[] tt);

    abstract void add(int[] x, int[] y, int[] z);

    abstract void subtract(int[] x, int[] y, int[] z);

    abstract void negate(int[] x, int[] z);

    abstract void inv(int[] x, int[] z);

    /** The limbs of a field element (through its 32-byte big-endian encoding). */
    static int[] limbs(ECFieldElement e) {
        byte[] b = new byte[32];
        e.encodeTo(b, 0);
        int[] z = new int[8];
        for (int i = 0; i < 8; i++) {
            int o = 28 - 4 * i;
            z[i] = (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
        }
        return z;
    }

    static BigInteger toBigInteger(int[] x) {
        return Nat256.toBigInteger(x);
    }

    private static final class P256 extends RawField {
        P256(BigInteger a) {
            super(a);
        }

        @Override
        void multiply(int[] x, int[] y, int[] z, int[] tt) {
            SecP256R1Field.multiply(x, y, z, tt);
        }

        @Override
        void square(int[] x, int[] z, int[] tt) {
            SecP256R1Field.square(x, z, tt);
        }

        @Override
        void add(int[] x, int[] y, int[] z) {
            SecP256R1Field.add(x, y, z);
        }

        @Override
        void subtract(int[] x, int[] y, int[] z) {
            SecP256R1Field.subtract(x, y, z);
        }

        @Override
        void negate(int[] x, int[] z) {
            SecP256R1Field.negate(x, z);
        }

        @Override
        void inv(int[] x, int[] z) {
            SecP256R1Field.inv(x, z);
        }
    }

    private static final class K1 extends RawField {
        K1(BigInteger a) {
            super(a);
        }

        @Override
        void multiply(int[] x, int[] y, int[] z, int[] tt) {
            SecP256K1Field.multiply(x, y, z, tt);
        }

        @Override
        void square(int[] x, int[] z, int[] tt) {
            SecP256K1Field.square(x, z, tt);
        }

        @Override
        void add(int[] x, int[] y, int[] z) {
            SecP256K1Field.add(x, y, z);
        }

        @Override
        void subtract(int[] x, int[] y, int[] z) {
            SecP256K1Field.subtract(x, y, z);
        }

        @Override
        void negate(int[] x, int[] z) {
            SecP256K1Field.negate(x, z);
        }

        @Override
        void inv(int[] x, int[] z) {
            SecP256K1Field.inv(x, z);
        }
    }
}

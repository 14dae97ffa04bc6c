package org.rdregistry.crypto.dp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An exact rational number numerator/denominator in lowest terms with a positive denominator (spec
 * §6.1). The samplers take their parameters as rationals so that the sampling path never touches
 * floating point (Mironov 2012 showed how floating-point noise leaks the value it protects); the
 * accountant keeps budgets as rationals so that persisted state is exact.
 *
 * <p>Serialised (toString / JSON) as {@code "n"} or {@code "n/d"}; {@link #parse} also accepts
 * decimal notation ({@code "2.5"}, {@code "1e-6"}), converted exactly.
 */
public record Rational(BigInteger numerator, BigInteger denominator) implements Comparable<Rational> {

    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    /** Normalises to lowest terms with a positive denominator; spec check N.1: denominator non-zero. */
    public Rational {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() == 0) {
            throw new IllegalArgumentException("denominator must not be zero (check N.1)");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger g = numerator.gcd(denominator);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            numerator = numerator.divide(g);
            denominator = denominator.divide(g);
        }
        if (numerator.signum() == 0) {
            denominator = BigInteger.ONE;
        }
    }

    public static Rational of(long value) {
        return new Rational(BigInteger.valueOf(value), BigInteger.ONE);
    }

    public static Rational of(long numerator, long denominator) {
        return new Rational(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    public static Rational of(BigInteger numerator, BigInteger denominator) {
        return new Rational(numerator, denominator);
    }

    /** The exact value of a BigDecimal. */
    public static Rational of(BigDecimal value) {
        if (value.scale() <= 0) {
            return new Rational(value.toBigIntegerExact(), BigInteger.ONE);
        }
        return new Rational(value.unscaledValue(), BigInteger.TEN.pow(value.scale()));
    }

    /**
     * Parses {@code "n"}, {@code "n/d"} or a decimal ({@code "2.5"}, {@code "1e-6"}) exactly.
     *
     * @throws IllegalArgumentException for malformed text or a zero denominator (check N.1)
     */
    @JsonCreator
    public static Rational parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.length() > 400) {
            throw new IllegalArgumentException("rational too long (check N.1)");
        }
        try {
            int slash = s.indexOf('/');
            if (slash >= 0) {
                return new Rational(new BigInteger(s.substring(0, slash).strip()),
                        new BigInteger(s.substring(slash + 1).strip()));
            }
            BigDecimal d = new BigDecimal(s);
            if (Math.abs((long) d.scale()) > 400) {
                throw new IllegalArgumentException("exponent out of range (check N.1)");
            }
            return of(d);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a rational number (check N.1): " + text);
        }
    }

    /**
     * The smallest multiple of 2^-bits that is at least x, exactly: used to turn a floating-point
     * accounting bound into an exact rational without ever rounding it down.
     */
    public static Rational ceilDyadic(double x, int bits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("not a finite number");
        }
        BigDecimal scaled = new BigDecimal(x).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(bits)));
        return new Rational(scaled.setScale(0, RoundingMode.CEILING).toBigIntegerExact(), BigInteger.ONE.shiftLeft(bits));
    }

    /** The smallest multiple of 10^-digits that is at least x, exactly. */
    public static Rational ceilDecimal(double x, int digits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("not a finite number");
        }
        return of(new BigDecimal(x).setScale(digits, RoundingMode.CEILING));
    }

    public Rational add(Rational o) {
        return new Rational(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
                denominator.multiply(o.denominator));
    }

    public Rational subtract(Rational o) {
        return add(o.negate());
    }

    public Rational multiply(Rational o) {
        return new Rational(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public Rational multiply(long k) {
        return new Rational(numerator.multiply(BigInteger.valueOf(k)), denominator);
    }

    /** @throws ArithmeticException when dividing by zero */
    public Rational divide(Rational o) {
        if (o.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return new Rational(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
    }

    public Rational negate() {
        return new Rational(numerator.negate(), denominator);
    }

    public Rational square() {
        return multiply(this);
    }

    public int signum() {
        return numerator.signum();
    }

    public boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    /** The largest integer not above this value. */
    public BigInteger floor() {
        BigInteger[] qr = numerator.divideAndRemainder(denominator);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    public Rational min(Rational o) {
        return compareTo(o) <= 0 ? this : o;
    }

    public Rational max(Rational o) {
        return compareTo(o) >= 0 ? this : o;
    }

    /** The smallest double that is at least this value (for conservative accounting). */
    public double toDoubleUp() {
        double d = approximate();
        if (Double.isInfinite(d)) {
            return d > 0 ? d : -Double.MAX_VALUE;
        }
        return compareTo(exact(d)) > 0 ? Math.nextUp(d) : d;
    }

    /** The largest double that is at most this value (for conservative accounting). */
    public double toDoubleDown() {
        double d = approximate();
        if (Double.isInfinite(d)) {
            return d > 0 ? Double.MAX_VALUE : d;
        }
        return compareTo(exact(d)) < 0 ? Math.nextDown(d) : d;
    }

    private double approximate() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), new java.math.MathContext(40)).doubleValue();
    }

    private static Rational exact(double d) {
        return of(new BigDecimal(d));
    }

    @Override
    public int compareTo(Rational o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    @JsonValue
    @Override
    public String toString() {
        return isInteger() ? numerator.toString() : numerator + "/" + denominator;
    }
}

package org.rdregistry.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Algebraic properties of the exact rationals the samplers and the accountant rely on. */
class RationalPropertiesTest {

    @Property(tries = 300)
    void textRoundTripAndFieldLaws(@ForAll long a, @ForAll @LongRange(min = 1) long b,
            @ForAll long c, @ForAll @LongRange(min = 1) long d) {
        Rational x = Rational.of(a, b);
        Rational y = Rational.of(c, d);
        assertThat(Rational.parse(x.toString())).isEqualTo(x);
        assertThat(x.add(y).subtract(y)).isEqualTo(x);
        assertThat(x.add(y)).isEqualTo(y.add(x));
        if (y.signum() != 0) {
            assertThat(x.multiply(y).divide(y)).isEqualTo(x);
        }
        assertThat(x.numerator().gcd(x.denominator())).isEqualTo(java.math.BigInteger.ONE);
        assertThat(x.denominator().signum()).isPositive();
    }

    @Property(tries = 300)
    void conservativeDoublesBracketTheExactValue(@ForAll long a, @ForAll @LongRange(min = 1) long b) {
        Rational x = Rational.of(a, b);
        Rational up = Rational.of(new BigDecimal(x.toDoubleUp()));
        Rational down = Rational.of(new BigDecimal(x.toDoubleDown()));
        assertThat(up).isGreaterThanOrEqualTo(x);
        assertThat(down).isLessThanOrEqualTo(x);
        assertThat(Math.nextDown(x.toDoubleUp())).isLessThan(x.toDoubleUp());
        assertThat(Rational.of(new BigDecimal(Math.nextDown(x.toDoubleUp())))).isLessThan(x);
    }

    @Property(tries = 300)
    void floorIsTheLargestIntegerNotAbove(@ForAll long a, @ForAll @LongRange(min = 1, max = 1_000_000) long b) {
        Assume.that(a > Long.MIN_VALUE / 2);
        Rational x = Rational.of(a, b);
        Rational f = new Rational(x.floor(), java.math.BigInteger.ONE);
        assertThat(f).isLessThanOrEqualTo(x);
        assertThat(f.add(Rational.ONE)).isGreaterThan(x);
    }
}

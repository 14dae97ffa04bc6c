package org.rdregistry.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact arithmetic and the parameter checks N.1-N.7 of spec §6. */
class RationalAndValidationTest {

    @Test
    void rationalsAreNormalisedAndExact() {
        assertThat(Rational.of(10, -4)).isEqualTo(Rational.of(-5, 2));
        assertThat(Rational.of(10, -4).toString()).isEqualTo("-5/2");
        assertThat(Rational.of(0, -7)).isEqualTo(Rational.ZERO);
        assertThat(Rational.parse("2.5")).isEqualTo(Rational.of(5, 2));
        assertThat(Rational.parse("1e-6")).isEqualTo(Rational.of(1, 1_000_000));
        assertThat(Rational.parse(" 6/4 ")).isEqualTo(Rational.of(3, 2));
        assertThat(Rational.parse("42")).isEqualTo(Rational.of(42));
        assertThat(Rational.of(1, 3).add(Rational.of(1, 6))).isEqualTo(Rational.of(1, 2));
        assertThat(Rational.of(1, 3).subtract(Rational.of(1, 2))).isEqualTo(Rational.of(-1, 6));
        assertThat(Rational.of(2, 3).multiply(Rational.of(9, 4))).isEqualTo(Rational.of(3, 2));
        assertThat(Rational.of(2, 3).divide(Rational.of(4, 9))).isEqualTo(Rational.of(3, 2));
        assertThat(Rational.of(7, 2).floor()).isEqualTo(BigInteger.valueOf(3));
        assertThat(Rational.of(-7, 2).floor()).isEqualTo(BigInteger.valueOf(-4));
        assertThat(Rational.of(1, 3).compareTo(Rational.of(33, 100))).isPositive();
        // 1/3 is not a double: the conservative conversions bracket it.
        assertThat(Rational.of(1, 3).toDoubleUp()).isGreaterThan(Rational.of(1, 3).toDoubleDown());
        assertThat(Rational.of(1, 2).toDoubleUp()).isEqualTo(0.5).isEqualTo(Rational.of(1, 2).toDoubleDown());
        assertThat(Rational.ceilDyadic(0.1, 4)).isEqualTo(Rational.of(2, 16));
        assertThat(Rational.ceilDecimal(0.1234561, 6)).isEqualTo(Rational.of(123457, 1_000_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1/0", "abc", "1/2/3", "", "1.5/2", "0x10"})
    void malformedRationalsAreRejected(String text) {
        assertThatThrownBy(() -> Rational.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("N.1");
    }

    @Test
    void divisionByZeroIsAnError() {
        assertThatThrownBy(() -> Rational.ONE.divide(Rational.ZERO)).isInstanceOf(ArithmeticException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-1/2"})
    void laplaceScaleMustBePositive(String scale) {
        assertThatThrownBy(() -> new DiscreteLaplaceSampler(Rational.parse(scale)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N.4");
    }

    @Test
    void laplaceScaleMustBeBounded() {
        assertThatThrownBy(() -> new DiscreteLaplaceSampler(Rational.of((1L << 32) + 1)))
                .hasMessageContaining("N.5");
        assertThatThrownBy(() -> new DiscreteLaplaceSampler(Rational.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(63))))
                .hasMessageContaining("N.5");
        assertThat(new DiscreteLaplaceSampler(Rational.of(1L << 32)).scale()).isEqualTo(Rational.of(1L << 32));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-4", "-1/9"})
    void gaussianSigma2MustBePositive(String sigma2) {
        assertThatThrownBy(() -> new DiscreteGaussianSampler(Rational.parse(sigma2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N.6");
    }

    @Test
    void gaussianSigma2MustBeBounded() {
        BigInteger big = BigInteger.ONE.shiftLeft(64).add(BigInteger.ONE);
        assertThatThrownBy(() -> new DiscreteGaussianSampler(Rational.of(big, BigInteger.ONE)))
                .hasMessageContaining("N.7");
        assertThatThrownBy(() -> new DiscreteGaussianSampler(Rational.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(63))))
                .hasMessageContaining("N.7");
    }

    @Test
    void gaussianProposalScaleIsFloorSigmaPlusOne() {
        // sigma^2 = 10: sigma = 3.16..., t = 4; sigma^2 = 9: t = 4; 5/2: sigma = 1.58, t = 2; 1/4: t = 1.
        assertThat(new DiscreteGaussianSampler(Rational.of(10)).proposalScale()).isEqualTo(BigInteger.valueOf(4));
        assertThat(new DiscreteGaussianSampler(Rational.of(9)).proposalScale()).isEqualTo(BigInteger.valueOf(4));
        assertThat(new DiscreteGaussianSampler(Rational.of(5, 2)).proposalScale()).isEqualTo(BigInteger.valueOf(2));
        assertThat(new DiscreteGaussianSampler(Rational.of(1, 4)).proposalScale()).isEqualTo(BigInteger.ONE);
        assertThat(new DiscreteGaussianSampler(Rational.of(99_999_999, 1_000_000)).proposalScale())
                .isEqualTo(BigInteger.valueOf(10));
    }

    @Test
    void largeScalesSampleWithoutOverflow() {
        NoiseSampler laplace = new DiscreteLaplaceSampler(Rational.of(1L << 32));
        NoiseSampler gauss = new DiscreteGaussianSampler(Rational.of(BigInteger.ONE.shiftLeft(64), BigInteger.ONE));
        for (int i = 0; i < 200; i++) {
            // |X| > 40 * scale has probability ~exp(-40) for both.
            assertThat(Math.abs(laplace.sample())).isLessThan(40L << 32);
            assertThat(Math.abs(gauss.sample())).isLessThan(40L << 32);
        }
    }

    @Test
    void samplerToStringShowsParametersOnly() {
        assertThat(new DiscreteGaussianSampler(Rational.of(5, 2)).toString()).isEqualTo("DiscreteGaussianSampler[sigma2=5/2]");
    }
}

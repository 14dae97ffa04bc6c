package org.rdregistry.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The test-side statistics must themselves be right, or the distribution tests prove nothing. */
class StatsTest {

    @Test
    void chiSquareQuantilesMatchPublishedTables() {
        // Standard chi-square tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4).
        assertThat(Stats.chiSquareCritical(1, 0.05)).isCloseTo(3.841, within(1e-3));
        assertThat(Stats.chiSquareCritical(10, 0.05)).isCloseTo(18.307, within(1e-3));
        assertThat(Stats.chiSquareCritical(10, 0.01)).isCloseTo(23.209, within(1e-3));
        assertThat(Stats.chiSquareCritical(30, 0.001)).isCloseTo(59.703, within(1e-3));
        assertThat(Stats.chiSquareCritical(100, 0.05)).isCloseTo(124.342, within(1e-3));
        // df = 1 at 1e-6 is the square of the two-sided normal quantile 4.891638.
        assertThat(Stats.chiSquareCritical(1, 1e-6)).isCloseTo(4.891638 * 4.891638, within(1e-3));
    }

    @Test
    void lnGammaOfIntegersIsLogFactorial() {
        assertThat(Stats.lnGamma(1)).isCloseTo(0, within(1e-12));
        assertThat(Stats.lnGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(Stats.lnGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
    }
}

package org.rdregistry.demo.synthetic;

import java.util.Map;
import java.util.Random;

/**
 * How a cohort's patients look: when the disease starts, how long diagnosis takes, how often it is
 * genetically confirmed, how disabling it is. Three broad patterns seen across rare diseases (about 70 %
 * start in childhood, and the diagnostic odyssey takes years); the values are plausible, not clinical data.
 */
enum CohortProfile {

    /** Present at birth or in the first months; diagnosed within months; often genetic and disabling. */
    CONGENITAL(6, 1.0, Weighted.of("confirmed", 70, "not-confirmed", 15, "undetermined", 15),
            Weighted.of("none", 10, "mild", 20, "moderate", 30, "severe", 30, "not-assessed", 10),
            Weighted.of("alive", 85, "dead", 11, "lost-to-follow-up", 3, "opted-out", 1)),

    /** Starts in childhood (median about 4 years); diagnosed after about 2.5 years. */
    PAEDIATRIC(30, 0.9, Weighted.of("confirmed", 65, "not-confirmed", 20, "undetermined", 15),
            Weighted.of("none", 25, "mild", 35, "moderate", 22, "severe", 10, "not-assessed", 8),
            Weighted.of("alive", 92, "dead", 4, "lost-to-follow-up", 3, "opted-out", 1)),

    /** Starts in adulthood (mean about 35 years); a long diagnostic odyssey, genetics less often confirmed. */
    ADULT(48, 0.9, Weighted.of("confirmed", 40, "not-confirmed", 35, "undetermined", 25),
            Weighted.of("none", 20, "mild", 30, "moderate", 28, "severe", 14, "not-assessed", 8),
            Weighted.of("alive", 86, "dead", 9, "lost-to-follow-up", 4, "opted-out", 1));

    /** Profiles of the default demo cohorts; any other code gets one derived from its number. */
    private static final Map<String, CohortProfile> KNOWN = Map.of(
            "ORPHA:558", PAEDIATRIC,
            "ORPHA:166024", CONGENITAL,
            "ORPHA:79445", ADULT);

    final double medianDelayMonths;
    final double delaySigma;
    final Weighted genetic;
    final Weighted disability;
    final Weighted vitalStatus;

    CohortProfile(double medianDelayMonths, double delaySigma, Weighted genetic, Weighted disability,
                  Weighted vitalStatus) {
        this.medianDelayMonths = medianDelayMonths;
        this.delaySigma = delaySigma;
        this.genetic = genetic;
        this.disability = disability;
        this.vitalStatus = vitalStatus;
    }

    static CohortProfile of(String cohort) {
        CohortProfile p = KNOWN.get(cohort);
        if (p != null) {
            return p;
        }
        long code = Long.parseLong(cohort.substring(cohort.indexOf(':') + 1));
        return values()[(int) Math.floorMod(code * 0x9E3779B97F4A7C15L >>> 32, values().length)];
    }

    /** Age at onset in months, within [0, 960]. */
    long onsetMonths(Random rnd) {
        return switch (this) {
            case CONGENITAL -> rnd.nextInt(10) < 7 ? 0 : 1 + rnd.nextInt(23);
            case PAEDIATRIC -> clamp(Math.round(48 * Math.exp(0.8 * rnd.nextGaussian())), 0, 215);
            case ADULT -> clamp(Math.round(12 * (35 + 12 * rnd.nextGaussian())), 19 * 12, 80 * 12);
        };
    }

    /** Months from onset to diagnosis: log-normal around the profile's median. */
    long delayMonths(Random rnd) {
        return clamp(Math.round(medianDelayMonths * Math.exp(delaySigma * rnd.nextGaussian())), 0, 360);
    }

    static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }
}

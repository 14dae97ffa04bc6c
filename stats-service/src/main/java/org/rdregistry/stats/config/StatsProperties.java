package org.rdregistry.stats.config;

import java.nio.file.Path;
import java.time.Duration;

import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseRule;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stats.*} (see README.md).
 *
 * @param topicPrefix  prefix of every topic name (tests use a unique one; empty in production)
 * @param instanceId   part of the transactional id; one stats instance runs per registry
 * @param jointKeyFile the trustees' {@code JointKey} (threshold, joint public key and verification keys):
 *                     the key ceremony's {@code ceremony-result.json}, or the joint key alone in wire JSON
 */
@ConfigurationProperties("stats")
public record StatsProperties(@DefaultValue("") String topicPrefix, @DefaultValue("local") String instanceId,
                              Path jointKeyFile, @DefaultValue Release release, @DefaultValue Privacy privacy,
                              @DefaultValue Sse sse, @DefaultValue DiscreteLogTable discreteLog) {

    /**
     * @param minInterval least time between the starts of two releases of a cohort
     * @param noiseWait   after the t-th valid answer of a round, how long to wait for the other trustees
     * @param timeout     a release not published this long after its start is abandoned
     * @param k           suppression threshold of the release rule
     */
    public record Release(@DefaultValue("30s") Duration minInterval, @DefaultValue("2s") Duration noiseWait,
                          @DefaultValue("15s") Duration timeout,
                          @DefaultValue("" + ReleaseRule.DEFAULT_K) int k) {
        public Release {
            if (k < 1) {
                throw new IllegalArgumentException("stats.release.k must be at least 1");
            }
            if (minInterval.isNegative() || noiseWait.isNegative() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("stats.release durations must not be negative, the timeout positive");
            }
        }
    }

    /**
     * @param mechanism     {@code discrete-gaussian}, or {@code none} (tests and development only:
     *                      releases are then exact and say so)
     * @param rhoPerRelease zCDP cost of one whole release with the minimum number t of contributors
     *                      (a decimal or "n/d")
     */
    public record Privacy(@DefaultValue("discrete-gaussian") NoiseParameters.Mechanism mechanism,
                          @DefaultValue("1/2") String rhoPerRelease, @DefaultValue Budget budget) {
    }

    /**
     * A cohort's total budget, in exactly one currency: {@code rho} (zCDP), {@code epsilon} with
     * {@code delta} ((epsilon, delta)-DP) or {@code epsilon} alone (pure DP, which discrete Gaussian
     * noise can never be paid from). Decimals or "n/d".
     */
    public record Budget(String rho, String epsilon, String delta) {
    }

    /** @param heartbeat interval of the comment lines that keep idle event streams open */
    public record Sse(@DefaultValue("15s") Duration heartbeat) {
    }

    /**
     * The baby-step giant-step table that decodes released values; unset means the shared default
     * table (2^20 baby steps, |m| up to 2^32).
     */
    public record DiscreteLogTable(Integer babySteps, Long maxAbs) {
    }
}

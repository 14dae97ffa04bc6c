package org.rdregistry.compute.trustee;

import java.nio.file.Path;
import java.time.Duration;

import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.registry.topics.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the trustee role ({@code trustee.*}, used only with {@code compute.role=trustee}).
 *
 * @param index this trustee's index i in the joint key (1..n); must equal the share file's
 * @param shareFile the encrypted key share file (format of {@code org.rdregistry.trustee.keystore.TrusteeShareFile})
 * @param passphraseFile a file holding the share file's passphrase; else the environment variable
 *     {@code REGISTRY_TRUSTEE_PASSPHRASE}
 * @param historySize recent aggregate states kept in memory per cohort
 * @param positionWait how long a request waits for this trustee's own recomputation to reach its position
 * @param minCohortRecords the fewest live records a cohort must have for this trustee to take part
 * @param allowNoNoise accept releases without noise (tests and development only)
 * @param minSigma2PerUnit the least per-trustee variance per unit of sensitivity (a rational, e.g.
 *     {@code 1}, {@code 9/4}) accepted for discrete Gaussian noise
 * @param requestsTopic release requests (default {@link Topics#RELEASE_REQUESTS})
 * @param messagesTopic trustee messages (default {@link Topics#TRUSTEE_MESSAGES})
 * @param ledgerFile what this trustee must remember across restarts (its noise contributions, the
 *     states it decrypted); default {@code <compute.state-dir>/trustee-<index>-ledger.json}
 */
@ConfigurationProperties("trustee")
public record TrusteeProperties(
        Integer index,
        Path shareFile,
        Path passphraseFile,
        @DefaultValue("64") int historySize,
        @DefaultValue("10s") Duration positionWait,
        @DefaultValue("11") int minCohortRecords,
        @DefaultValue("false") boolean allowNoNoise,
        @DefaultValue("1") String minSigma2PerUnit,
        String requestsTopic,
        String messagesTopic,
        Path ledgerFile) {

    public TrusteeProperties {
        if (requestsTopic == null || requestsTopic.isBlank()) {
            requestsTopic = Topics.RELEASE_REQUESTS.name();
        }
        if (messagesTopic == null || messagesTopic.isBlank()) {
            messagesTopic = Topics.TRUSTEE_MESSAGES.name();
        }
        if (historySize < 1) {
            throw new IllegalArgumentException("trustee.history-size must be >= 1");
        }
        if (positionWait.isNegative()) {
            throw new IllegalArgumentException("trustee.position-wait must not be negative");
        }
        if (minCohortRecords < 1) {
            throw new IllegalArgumentException("trustee.min-cohort-records must be >= 1");
        }
        if (minSigma2PerUnit == null || minSigma2PerUnit.isBlank()) {
            minSigma2PerUnit = "1";
        }
        if (Rational.parse(minSigma2PerUnit).signum() <= 0) {   // the accessor cannot be used before the fields are set
            throw new IllegalArgumentException("trustee.min-sigma2-per-unit must be positive");
        }
    }

    /** {@link #minSigma2PerUnit} as an exact rational. */
    public Rational minSigma2() {
        return Rational.parse(minSigma2PerUnit);
    }
}

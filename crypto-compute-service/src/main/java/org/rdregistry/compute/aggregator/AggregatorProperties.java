package org.rdregistry.compute.aggregator;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Options of the aggregator role ({@code compute.aggregator.*}).
 *
 * @param intakeAttestationKeyFile the key intake signs its attestations with
 *     ({@link org.rdregistry.registry.events.IntakeAttestation}, the same file as intake's
 *     {@code intake.attestation-key-file}); when set, records that intake attested are not verified a
 *     second time here (about 6-10 ms of CPU per record saved; the structure is still checked and the
 *     trustees still verify everything). Unset (the default): every record's proofs are verified here
 * @param publishInterval how often the latest aggregate of each updated cohort is published; {@code 0}
 *     publishes every update at once (one aggregate message per record). Intermediate states in between
 *     are not published; each published aggregate names the exact input position it covers, and one
 *     committed but not yet published is published after a crash
 */
@ConfigurationProperties("compute.aggregator")
public record AggregatorProperties(Path intakeAttestationKeyFile, @DefaultValue("500ms") Duration publishInterval) {

    public AggregatorProperties {
        if (publishInterval.isNegative()) {
            throw new IllegalArgumentException("compute.aggregator.publish-interval must not be negative");
        }
    }
}

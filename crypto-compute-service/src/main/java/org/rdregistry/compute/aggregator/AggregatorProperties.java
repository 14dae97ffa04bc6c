package org.rdregistry.compute.aggregator;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Options of the aggregator role ({@code compute.aggregator.*}).
 *
 * @param intakeAttestationKeyFile the key intake signs its attestations with
 *     ({@link org.rdregistry.registry.events.IntakeAttestation}, the same file as intake's
 *     {@code intake.attestation-key-file}); when set, records that intake attested are not verified a
 *     second time here (about 6-10 ms of CPU per record saved; the structure is still checked and the
 *     trustees still verify everything). Unset (the default): every record's proofs are verified here
 */
@ConfigurationProperties("compute.aggregator")
public record AggregatorProperties(Path intakeAttestationKeyFile) {
}

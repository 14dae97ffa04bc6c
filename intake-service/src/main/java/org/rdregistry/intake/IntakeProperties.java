package org.rdregistry.intake;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Intake's own settings ({@code intake.*}).
 *
 * @param maxBodyBytes largest accepted request body; larger bodies are refused with 413 before they
 *     are read whole (Content-Length checked first, then a counting read). The default fits a full
 *     batch: 200 schema-v1 records of about 108 KB of JSON each (866 points of 87 base64url
 *     characters, spec §8.3) are about 22 MB
 * @param maxBatch most records in one batch
 * @param topicPrefix prepended to every topic name (tests and shared clusters); empty in production
 * @param instanceId this instance's stable name: the transactional ids are derived from it, so a
 *     restarted instance fences its predecessor's unfinished transactions
 * @param verifyThreads threads for JSON decoding and proof verification (CPU-bound); 0 = one per core
 * @param attestationKeyFile optional key file (base64 of at least 32 random bytes) shared with the
 *     aggregator: when set, every records-topic entry carries intake's attestation that its proofs
 *     verified ({@code IntakeAttestation}), so an aggregator given the same key does not verify them a
 *     second time. Unset: entries carry no attestation and the aggregator verifies everything
 */
@ConfigurationProperties("intake")
public record IntakeProperties(
        @DefaultValue("24MB") DataSize maxBodyBytes,
        @DefaultValue("200") int maxBatch,
        @DefaultValue("") String topicPrefix,
        @DefaultValue("local") String instanceId,
        @DefaultValue("0") int verifyThreads,
        Path attestationKeyFile) {

    public IntakeProperties {
        if (maxBodyBytes.toBytes() < 1024 || maxBodyBytes.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("intake.max-body-bytes must be between 1KB and 2GB");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("intake.max-batch must be at least 1");
        }
    }

    public int maxBodyBytesInt() {
        return (int) maxBodyBytes.toBytes();
    }
}

package org.rdregistry.registry.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.rdregistry.crypto.elgamal.PublicKey;

/**
 * Intake's statement "I verified every proof of this records-topic entry against this registry key
 * and schema", carried in the Kafka header {@value #HEADER}: HMAC-SHA256 under a key shared by intake
 * and the aggregator, over a domain separator, the registry key and schema version the proofs were
 * verified against, the topic, the entry's key and its exact value bytes (each length-prefixed). An
 * intake configured with another registry key or schema therefore makes no attestation this
 * aggregator accepts. The aggregator, when it is given
 * the key, does not verify the proofs of an entry with a valid attestation a second time (it still
 * checks the structure); an entry without one, or with an invalid one, is verified in full.
 *
 * <p>This is a throughput trade, not a security boundary: the trustees never look at attestations,
 * they verify every record themselves before they decrypt anything (docs/design/threat-model.md).
 * Whoever holds the key can make the aggregator skip verification, so it is as secret as intake's
 * write access to the records topic.
 *
 * <p>Thread-safe.
 */
public final class IntakeAttestation {

    /** The Kafka header holding the attestation. */
    public static final String HEADER = "rd-intake-attestation";
    /** Shortest accepted key: 256 bits. */
    public static final int MIN_KEY_BYTES = 32;

    private static final byte VERSION = 1;
    private static final byte[] DOMAIN = "rd-registry/intake-attestation/v1".getBytes(StandardCharsets.UTF_8);
    private static final String MAC = "HmacSHA256";

    private final SecretKeySpec key;
    private final byte[] registryKey;
    private final byte[] schemaVersion;

    /**
     * @param key the shared MAC key
     * @param registryKey the registry key that intake verifies proofs against
     * @param schemaVersion the schema version intake verifies records against
     */
    public IntakeAttestation(byte[] key, PublicKey registryKey, String schemaVersion) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("an intake attestation key has at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), MAC);
        this.registryKey = Objects.requireNonNull(registryKey, "registryKey").encoded();
        this.schemaVersion = Objects.requireNonNull(schemaVersion, "schemaVersion").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a key file: one line of standard base64 of at least 32 random bytes (for example
     * {@code head -c 32 /dev/urandom | base64 > intake-attestation.key}). The message of a failure
     * names the file, never its contents.
     */
    public static IntakeAttestation fromFile(Path file, PublicKey registryKey, String schemaVersion) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the intake attestation key file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the intake attestation key file " + file + " is not base64");
        }
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the intake attestation key file " + file + " holds fewer than "
                    + MIN_KEY_BYTES + " bytes");
        }
        try {
            return new IntakeAttestation(bytes, registryKey, schemaVersion);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The header value for one entry: a version byte and the 32-byte MAC. */
    public byte[] attest(String topic, String recordKey, byte[] value) {
        byte[] mac = mac(topic, recordKey, value);
        byte[] header = new byte[1 + mac.length];
        header[0] = VERSION;
        System.arraycopy(mac, 0, header, 1, mac.length);
        return header;
    }

    /** Whether {@code header} attests exactly this entry; false for a missing or malformed header. */
    public boolean verify(String topic, String recordKey, byte[] value, byte[] header) {
        if (header == null || header.length != 33 || header[0] != VERSION || topic == null || recordKey == null
                || value == null) {
            return false;
        }
        byte[] expected = mac(topic, recordKey, value);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(header, 1, header.length));
    }

    private byte[] mac(String topic, String recordKey, byte[] value) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(recordKey, "recordKey");
        Objects.requireNonNull(value, "value");
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            mac.update(lengthPrefixed(DOMAIN));
            mac.update(lengthPrefixed(registryKey));
            mac.update(lengthPrefixed(schemaVersion));
            mac.update(lengthPrefixed(topic.getBytes(StandardCharsets.UTF_8)));
            mac.update(lengthPrefixed(recordKey.getBytes(StandardCharsets.UTF_8)));
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(value.length).array());
            mac.update(value);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] lengthPrefixed(byte[] bytes) {
        return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).array();
    }
}

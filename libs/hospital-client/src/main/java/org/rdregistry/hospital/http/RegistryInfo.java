package org.rdregistry.hospital.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.PublicKey;

import tools.jackson.databind.JsonNode;

/**
 * Body of {@code GET /api/v1/registry}: the schema version, the schema document and the registry's
 * public key (wire JSON) that hospitals encrypt to.
 */
public record RegistryInfo(String schemaVersion, JsonNode schema, PublicKey registryKey) {

    public RegistryInfo {
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(registryKey, "registryKey");
    }

    /**
     * The key's fingerprint: lower-case hex SHA-256 of its 33-byte encoding. Compare it with the one the
     * trustees publish, so that nobody can make the hospital encrypt to another key.
     */
    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.encoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.rdregistry.registry.verify;

/**
 * One entry of the records topic as the verifier reads it: offset, key and value bytes
 * ({@code null} value = tombstone, a GDPR erasure).
 */
public record LogEntry(long offset, String key, byte[] value) {
}

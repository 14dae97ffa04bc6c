package org.rdregistry.registry.record;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.ProofContext;

/**
 * The proof context of every encrypted field (crypto spec §1.5): registry key, schema version, record
 * id, field, and for squares the part "square". A ciphertext and proof copied into another record or
 * field, or presented under another key or schema, fails verification.
 */
public final class ProofContexts {

    private ProofContexts() {
    }

    public static ProofContext record(PublicKey registryKey, String schemaVersion, String recordId) {
        return ProofContext.of("registry-key", registryKey.encoded())
                .with("schema", schemaVersion)
                .with("record", recordId);
    }

    public static ProofContext field(ProofContext record, String field) {
        return record.with("field", field);
    }

    public static ProofContext square(ProofContext record, String field) {
        return record.with("field", field).with("part", "square");
    }
}

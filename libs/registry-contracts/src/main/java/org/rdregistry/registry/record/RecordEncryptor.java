package org.rdregistry.registry.record;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;
import org.rdregistry.registry.events.EncryptedValue;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * Encrypts and proves every field of a plaintext record under the registry's joint key. Used by the
 * hospital client (and by tests and the load generator). Thread-safe.
 */
public final class RecordEncryptor {

    private final RegistrySchema schema;
    private final PublicKey registryKey;
    private final GroupContext group;

    public RecordEncryptor(RegistrySchema schema, PublicKey registryKey) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.registryKey = Objects.requireNonNull(registryKey, "registryKey");
        this.group = registryKey.group();
    }

    /**
     * @throws InvalidRecordException naming the field if a value is missing, unknown, of the wrong
     *     kind or out of range (the message never contains the value itself)
     */
    public RecordSubmission encrypt(String recordId, String contentDigest, PlaintextRecord record) {
        validate(record);
        ProofContext base = ProofContexts.record(registryKey, schema.version(), recordId);
        Map<String, EncryptedValue> fields = new LinkedHashMap<>();
        for (FieldSpec spec : schema.fields()) {
            Object value = record.values().get(spec.name());
            if (spec instanceof FieldSpec.Categorical c) {
                int index = c.indexOf((String) value);
                fields.put(c.name(), new EncryptedValue.Categorical(OneHotEncryption.prove(group, registryKey,
                        ProofContexts.field(base, c.name()), index, c.categories().size())));
            } else if (spec instanceof FieldSpec.Integer i) {
                long v = ((Number) value).longValue() - i.min();
                RangeProof.Result range = RangeProof.prove(group, registryKey, ProofContexts.field(base, i.name()), v,
                        i.bound());
                // The square is bound to the range proof's value ciphertext through its randomness.
                SquareProof square = i.squares() ? SquareProof.prove(group, registryKey,
                        ProofContexts.square(base, i.name()), v, range.value()) : null;
                fields.put(i.name(), new EncryptedValue.Integer(range.proof(), square));
            }
        }
        return new RecordSubmission(recordId, record.pseudonym(), record.cohort(), schema.version(), contentDigest, fields);
    }

    /** Checks a plaintext record against the schema without encrypting it. */
    public void validate(PlaintextRecord record) {
        for (FieldSpec spec : schema.fields()) {
            Object value = record.values().get(spec.name());
            if (value == null) {
                throw new InvalidRecordException(spec.name(), "missing value");
            }
            if (spec instanceof FieldSpec.Categorical c) {
                if (!(value instanceof String label) || c.indexOf(label) < 0) {
                    throw new InvalidRecordException(spec.name(), "not one of " + c.categories());
                }
            } else if (spec instanceof FieldSpec.Integer i) {
                if (!(value instanceof Number n) || n.longValue() < i.min() || n.longValue() > i.max()) {
                    throw new InvalidRecordException(spec.name(), "not an integer in [" + i.min() + ", " + i.max() + "]");
                }
            }
        }
        for (String name : record.values().keySet()) {
            if (schema.field(name).isEmpty()) {
                throw new InvalidRecordException(name, "not a field of schema " + schema.version());
            }
        }
        if (!RecordSubmission.PSEUDONYM.matcher(record.pseudonym()).matches()) {
            throw new InvalidRecordException("pseudonym", "must be 43 base64url characters (HMAC-SHA256)");
        }
        if (!RecordSubmission.COHORT.matcher(record.cohort()).matches()) {
            throw new InvalidRecordException("cohort", "must be an ORPHA code like ORPHA:558");
        }
    }
}

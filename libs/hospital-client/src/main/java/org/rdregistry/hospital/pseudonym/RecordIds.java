package org.rdregistry.hospital.pseudonym;

import java.util.Objects;

import org.rdregistry.registry.record.PlaintextRecord;
import org.rdregistry.registry.schema.FieldSpec;
import org.rdregistry.registry.schema.RegistrySchema;

/**
 * The content digest and record id of a plaintext record, both keyed with the {@link LinkageKey} so
 * that they reveal nothing about the content:
 *
 * <pre>
 * content       = "rd-content-v1\n" "schema=" version "\n" (name "=" value "\n" for each schema field, in
 *                 schema order) "cohort=" ORPHA:n "\n" "pseudonym=" pseudonym "\n"          (UTF-8)
 * contentDigest = first 32 chars of base64url-nopad(HMAC-SHA256(linkageKey, content))
 * recordId      = first 32 chars of base64url-nopad(HMAC-SHA256(linkageKey, "rd-record-v1\n" contentDigest))
 * </pre>
 *
 * Unchanged content gives the same id (a re-run is idempotent); any changed value gives a new id, which
 * intake treats as an update of the same {@code pseudonym/cohort} key.
 */
public record RecordIds(String contentDigest, String recordId) {

    public static final int LENGTH = 32;

    public RecordIds {
        Objects.requireNonNull(contentDigest, "contentDigest");
        Objects.requireNonNull(recordId, "recordId");
    }

    public static RecordIds derive(LinkageKey key, RegistrySchema schema, PlaintextRecord record) {
        StringBuilder content = new StringBuilder("rd-content-v1\n");
        content.append("schema=").append(schema.version()).append('\n');
        for (FieldSpec spec : schema.fields()) {
            Object v = record.values().get(spec.name());
            if (v == null) {
                throw new IllegalArgumentException("missing value for " + spec.name());
            }
            String text = v instanceof Number n ? Long.toString(n.longValue()) : v.toString();
            content.append(spec.name()).append('=').append(text).append('\n');
        }
        content.append("cohort=").append(record.cohort()).append('\n');
        content.append("pseudonym=").append(record.pseudonym()).append('\n');
        String digest = key.hmacBase64Url(content.toString()).substring(0, LENGTH);
        String id = key.hmacBase64Url("rd-record-v1\n" + digest).substring(0, LENGTH);
        return new RecordIds(digest, id);
    }
}

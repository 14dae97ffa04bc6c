package org.rdregistry.registry.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.crypto.wire.WireFormatException;
import org.rdregistry.registry.topics.Topics;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.json.JsonMapper;

/**
 * A record's routing metadata and ciphertexts without its proofs: what aggregation needs. Made from a
 * decoded {@link RecordSubmission} ({@link #of}), or read straight from a records-topic entry
 * ({@link #readEvent}) without decoding the proofs at all: the ciphertext points are decoded and
 * validated with every wire check, the proof fields are only checked to be present. About two thirds
 * of a record's points are proof points, so this is for a reader that relies on another party's
 * verification of the proofs (the aggregator reading entries intake attested), never for one that
 * must verify them itself.
 */
public record RecordCiphertexts(String recordId, String pseudonym, String cohort, String schemaVersion,
                                String contentDigest, Map<String, Field> fields) {

    /** One field's ciphertexts. */
    public sealed interface Field {
        /** The one-hot cells. */
        record Categorical(List<Ciphertext> cells) implements Field {
            public Categorical {
                cells = List.copyOf(cells);
            }
        }

        /** The range proof's bit ciphertexts and the square's ciphertext (null when the schema has none). */
        record Integer(List<Ciphertext> bits, Ciphertext square) implements Field {
            public Integer {
                bits = List.copyOf(bits);
            }
        }
    }

    private static final JsonMapper MAPPER = RegistryJson.mapper();
    /** The deserialization attribute holding the curve every wire value must be on. */
    private static final String GROUP_ATTRIBUTE = RecordCiphertexts.class.getName() + ".group";

    public RecordCiphertexts {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(pseudonym, "pseudonym");
        Objects.requireNonNull(cohort, "cohort");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(contentDigest, "contentDigest");
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The ciphertexts of a decoded submission (the same objects). */
    public static RecordCiphertexts of(RecordSubmission s) {
        Map<String, Field> fields = new LinkedHashMap<>();
        s.fields().forEach((name, value) -> {
            if (value instanceof EncryptedValue.Categorical c) {
                fields.put(name, new Field.Categorical(c.oneHot().ciphertexts()));
            } else if (value instanceof EncryptedValue.Integer i) {
                fields.put(name, new Field.Integer(i.value().bitCiphertexts(), i.square() == null ? null : i.square().square()));
            }
        });
        return new RecordCiphertexts(s.recordId(), s.pseudonym(), s.cohort(), s.schemaVersion(), s.contentDigest(), fields);
    }

    /**
     * The submission of a {@link RecordEvent} in JSON, reading its ciphertexts and skipping its proofs.
     * Rejects (with a Jackson exception) what the full decoding would reject for its shape: unknown or
     * missing properties, a wrong kind, a wire value of another type, bad ciphertext points, and
     * any value on another curve than {@code group}'s.
     */
    public static RecordCiphertexts readEvent(byte[] eventJson, GroupContext group) {
        return MAPPER.readerFor(EventJson.class).withAttribute(GROUP_ATTRIBUTE, Objects.requireNonNull(group, "group"))
                .<EventJson>readValue(eventJson).submission().toCiphertexts();
    }

    /** The records-topic key. */
    public String key() {
        return Topics.recordKey(pseudonym, cohort);
    }

    @Override
    public String toString() {
        return "RecordCiphertexts[" + recordId + ", " + cohort + "]";
    }

    // ------------------------------------------------------------ the JSON shape of RecordEvent, proofs skipped

    record EventJson(String hospitalId, long acceptedAtMillis, SubmissionJson submission) {
        EventJson {
            Objects.requireNonNull(hospitalId, "hospitalId");
            Objects.requireNonNull(submission, "submission");
        }
    }

    record SubmissionJson(String recordId, String pseudonym, String cohort, String schemaVersion, String contentDigest,
                          Map<String, FieldJson> fields) {
        RecordCiphertexts toCiphertexts() {
            Map<String, Field> out = new LinkedHashMap<>();
            if (fields != null) {
                fields.forEach((name, f) -> out.put(name, Objects.requireNonNull(f, name).toField()));
            }
            return new RecordCiphertexts(recordId, pseudonym, cohort, schemaVersion, contentDigest, out);
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = FieldJson.CategoricalJson.class, name = "categorical"),
        @JsonSubTypes.Type(value = FieldJson.IntegerJson.class, name = "integer")
    })
    sealed interface FieldJson {
        Field toField();

        record CategoricalJson(@JsonDeserialize(using = OneHotCells.class) List<Ciphertext> oneHot) implements FieldJson {
            @Override
            public Field toField() {
                return new Field.Categorical(Objects.requireNonNull(oneHot, "oneHot"));
            }
        }

        record IntegerJson(@JsonDeserialize(using = RangeBits.class) List<Ciphertext> value,
                           @JsonDeserialize(using = SquareCell.class) Ciphertext square) implements FieldJson {
            @Override
            public Field toField() {
                return new Field.Integer(Objects.requireNonNull(value, "value"), square);
            }
        }
    }

    /** Reads some fields of a wire value with {@link Wire#readJsonFields}, leaving the rest undecoded. */
    private abstract static class Projection<T> extends ValueDeserializer<T> {
        private final Class<?> type;
        private final Set<String> fields;

        Projection(Class<?> type, String... fields) {
            this.type = type;
            this.fields = Set.of(fields);
        }

        abstract T value(Map<String, Object> read);

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            try {
                GroupContext group = (GroupContext) ctxt.getAttribute(GROUP_ATTRIBUTE);
                return value(Wire.readJsonFields(p, type, Objects.requireNonNull(group, "group"), fields));
            } catch (WireFormatException e) {
                throw DatabindException.from(p, e.getMessage(), e);
            }
        }
    }

    static final class OneHotCells extends Projection<List<Ciphertext>> {
        OneHotCells() {
            super(OneHotEncryption.class, "ciphertexts");
        }

        @Override
        @SuppressWarnings("unchecked")
        List<Ciphertext> value(Map<String, Object> read) {
            return (List<Ciphertext>) read.get("ciphertexts");
        }
    }

    static final class RangeBits extends Projection<List<Ciphertext>> {
        RangeBits() {
            super(RangeProof.class, "bitCiphertexts");
        }

        @Override
        @SuppressWarnings("unchecked")
        List<Ciphertext> value(Map<String, Object> read) {
            return (List<Ciphertext>) read.get("bitCiphertexts");
        }
    }

    static final class SquareCell extends Projection<Ciphertext> {
        SquareCell() {
            super(SquareProof.class, "squareAlpha", "squareBeta");
        }

        @Override
        Ciphertext value(Map<String, Object> read) {
            return new Ciphertext((ECPoint) read.get("squareAlpha"), (ECPoint) read.get("squareBeta"));
        }
    }
}

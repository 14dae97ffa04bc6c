package org.rdregistry.intake.records;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.rdregistry.crypto.wire.WireFormatException;
import org.rdregistry.intake.problems.FieldProblem;
import org.rdregistry.intake.problems.ProblemException;
import org.rdregistry.intake.problems.ProblemType;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes request bodies with {@link RegistryJson#mapper()} and turns decoding failures into problems
 * naming the JSON path: 400 for malformed JSON, wrong JSON types and bad wire encodings; 422 for
 * well-formed JSON that does not fit the record shape (unknown or missing properties). Problem reasons
 * are written here, never copied from parser messages, so no submitted value is echoed.
 */
final class SubmissionReader {

    /** Body of the batch endpoint. */
    record BatchRequest(List<RecordSubmission> records) {
    }

    /** The submission's own properties; every other name a verifier reports is a schema field. */
    static final Set<String> TOP_LEVEL = Set.of("recordId", "pseudonym", "cohort", "schemaVersion", "contentDigest", "fields");

    /** Paths contain client-chosen property names; keep problems small. */
    private static final int MAX_PATH = 200;

    private final JsonMapper mapper = RegistryJson.mapper();

    ParsedSubmission readOne(byte[] body) {
        RecordSubmission s = read(body, RecordSubmission.class);
        if (s == null) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body must be a JSON object",
                    List.of(new FieldProblem("$", "expected a JSON object")));
        }
        return canonical(s);
    }

    List<ParsedSubmission> readBatch(byte[] body, int maxBatch) {
        BatchRequest batch = read(body, BatchRequest.class);
        if (batch == null) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body must be a JSON object",
                    List.of(new FieldProblem("$", "expected a JSON object")));
        }
        if (batch.records() == null || batch.records().isEmpty()) {
            throw invalid("records", "at least one record is required");
        }
        if (batch.records().size() > maxBatch) {
            throw invalid("records", "at most " + maxBatch + " records per batch (intake.max-batch)");
        }
        List<ParsedSubmission> parsed = new ArrayList<>(batch.records().size());
        for (int i = 0; i < batch.records().size(); i++) {
            RecordSubmission s = batch.records().get(i);
            if (s == null) {
                throw invalid("records[" + i + "]", "must be a record, not null");
            }
            parsed.add(canonical(s));
        }
        return parsed;
    }

    /** JSON path of a field a {@code RecordVerifier} reported, e.g. {@code sex} to {@code fields.sex}. */
    static String fieldPath(String verifierField) {
        String head = verifierField.contains(".") ? verifierField.substring(0, verifierField.indexOf('.')) : verifierField;
        return TOP_LEVEL.contains(head) ? verifierField : "fields." + verifierField;
    }

    private <T> T read(byte[] body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (JacksonException e) {
            throw problem(e);
        }
    }

    private ParsedSubmission canonical(RecordSubmission s) {
        RecordSubmission canonical = new RecordSubmission(s.recordId(), s.pseudonym(), s.cohort(), s.schemaVersion(),
                s.contentDigest(), new TreeMap<>(s.fields()));
        return new ParsedSubmission(canonical);
    }

    static ProblemException problem(JacksonException e) {
        String path = path(e);
        if (e instanceof UnrecognizedPropertyException) {
            return invalid(path, "unknown property");
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof NullPointerException npe
                && npe.getMessage() != null && npe.getMessage().matches("[A-Za-z]{1,40}")) {
            // the records' constructors name the missing component
            return invalid(path.equals("$") ? npe.getMessage() : path + "." + npe.getMessage(), "missing");
        }
        String reason;
        WireFormatException wire = wireCause(e);
        if (wire != null) {
            reason = "bad encoding: " + wire.getMessage();
        } else if (e instanceof StreamReadException) {
            TokenStreamLocation at = e.getLocation();
            reason = at == null ? "malformed JSON" : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
        } else if (e instanceof InvalidTypeIdException) {
            reason = "missing or unknown \"kind\"";
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            reason = "wrong JSON type, expected " + describe(m.getTargetType());
        } else if (e instanceof ValueInstantiationException) {
            reason = "invalid value";
        } else {
            reason = "cannot read this value";
        }
        return new ProblemException(ProblemType.MALFORMED_JSON, "the body is not a readable record: " + path + ": " + reason,
                List.of(new FieldProblem(path, reason)));
    }

    static ProblemException invalid(String field, String reason) {
        return new ProblemException(ProblemType.INVALID_RECORD, field + ": " + reason, List.of(new FieldProblem(field, reason)));
    }

    private static WireFormatException wireCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof WireFormatException w) {
                return w;
            }
        }
        return null;
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return type.getSimpleName();
    }

    /** {@code records[2].fields.sex.oneHot}, or {@code $} for the document itself. */
    static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        if (sb.length() > MAX_PATH) {
            sb.setLength(MAX_PATH);
            sb.append("...");
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }
}

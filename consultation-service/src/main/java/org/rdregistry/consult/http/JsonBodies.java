package org.rdregistry.consult.http;

import java.util.List;

import org.rdregistry.consult.problems.FieldProblem;
import org.rdregistry.consult.problems.ProblemException;
import org.rdregistry.consult.problems.ProblemType;
import org.rdregistry.crypto.wire.WireFormatException;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Decodes request bodies with the registry mapper (wire-form ciphertexts and keys, validated; unknown properties
 * refused). Every failure is a 400 problem naming the JSON path and why, never quoting the input.
 */
public final class JsonBodies {

    private static final int MAX_PATH = 200;

    private JsonBodies() {
    }

    public static <T> T read(byte[] body, Class<T> type) {
        try {
            T value = RegistryJson.mapper().readValue(body, type);
            if (value == null) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "the body must be a JSON object",
                        List.of(new FieldProblem("$", "null")));
            }
            return value;
        } catch (JacksonException e) {
            throw problem(e);
        }
    }

    static ProblemException problem(JacksonException e) {
        String path = path(e);
        String reason;
        WireFormatException wire = wireCause(e);
        if (e instanceof UnrecognizedPropertyException) {
            reason = "unknown property";
        } else if (wire != null) {
            reason = "bad encoding: " + wire.getMessage();
        } else if (e instanceof StreamReadException) {
            reason = "malformed JSON";
        } else if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException iae
                && iae.getMessage() != null && iae.getMessage().length() < 200) {
            reason = iae.getMessage();   // the contract's own validation message (no input values in it)
        } else if (e instanceof ValueInstantiationException && e.getCause() instanceof NullPointerException npe
                && npe.getMessage() != null && npe.getMessage().matches("[A-Za-z]{1,40}")) {
            path = path.equals("$") ? npe.getMessage() : path + "." + npe.getMessage();
            reason = "missing";
        } else {
            reason = "cannot read this value";
        }
        return new ProblemException(ProblemType.MALFORMED_JSON, "the body is not readable: " + path + ": " + reason,
                List.of(new FieldProblem(path, reason)));
    }

    private static WireFormatException wireCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof WireFormatException w) {
                return w;
            }
        }
        return null;
    }

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

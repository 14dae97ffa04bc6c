package org.rdregistry.hospital.consult;

import java.util.ArrayList;
import java.util.List;

import org.rdregistry.hospital.http.Problem;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an RFC 9457 problem tolerantly: the standard members (type, title, status, detail, instance)
 * and, if present, a list of per-field errors as {@code errors} (or {@code problems}) of
 * {@code {field, reason}} objects. Anything else is ignored, so a problem that does not look like
 * intake's still yields its title and detail.
 */
record ProblemDetails(Problem problem) {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** The parsed problem, or null if the body is not a JSON object. */
    static ProblemDetails parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                return null;
            }
            List<Problem.FieldError> errors = new ArrayList<>();
            for (String name : new String[] {"errors", "problems"}) {
                JsonNode list = root.get(name);
                if (list != null && list.isArray()) {
                    for (JsonNode e : list) {
                        if (e.isObject()) {
                            errors.add(new Problem.FieldError(text(e, "field"), text(e, "reason")));
                        }
                    }
                }
            }
            JsonNode status = root.get("status");
            return new ProblemDetails(new Problem(text(root, "type"), text(root, "title"),
                    status != null && status.isInt() ? status.intValue() : null, text(root, "detail"),
                    text(root, "instance"), errors));
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v != null && v.isString() ? v.stringValue() : null;
    }
}

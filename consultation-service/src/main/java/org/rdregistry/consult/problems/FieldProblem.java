package org.rdregistry.consult.problems;

/**
 * One entry of a problem's {@code errors}: the JSON path of the offending field (e.g.
 * {@code fields.sex}, {@code records[2].recordId}) and why. Never carries a submitted value.
 */
public record FieldProblem(String field, String reason) {
}

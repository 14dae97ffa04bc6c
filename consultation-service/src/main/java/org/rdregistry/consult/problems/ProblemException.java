package org.rdregistry.consult.problems;

import java.util.List;
import java.util.Objects;

import org.springframework.http.HttpHeaders;

/**
 * A request refused with a known problem; rendered as {@code application/problem+json} by
 * {@link ProblemWebExceptionHandler}. No stack trace: these are answers, not failures.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ProblemType type;
    private final transient List<FieldProblem> errors;
    private final transient HttpHeaders headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldProblem> errors) {
        this(type, detail, errors, HttpHeaders.EMPTY);
    }

    public ProblemException(ProblemType type, String detail, List<FieldProblem> errors, HttpHeaders headers) {
        super(detail, null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.errors = List.copyOf(errors);
        this.headers = headers;
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    public HttpHeaders headers() {
        return headers;
    }
}

package org.rdregistry.consult.problems;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every problem type consultation-service answers with (the catalogue shared with intake and stats, plus the
 * consultation-specific ones); the type URI is {@code https://rdregistry.org/problems/<slug>}.
 */
public enum ProblemType {
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad-request", "Bad request"),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON"),
    INVALID_CONSULTATION(HttpStatus.BAD_REQUEST, "invalid-consultation", "Invalid consultation"),
    INVALID_MODEL(HttpStatus.BAD_REQUEST, "invalid-model", "Invalid scoring model"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    CONFLICT(HttpStatus.CONFLICT, "conflict", "Conflict"),
    CONTENT_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "Request body too large"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable"),
    /** the command was written but its result did not come in time: it may still take effect, do not resend blindly */
    OUTCOME_UNKNOWN(HttpStatus.GATEWAY_TIMEOUT, "outcome-unknown", "Outcome unknown");

    public static final String BASE_URI = "https://rdregistry.org/problems/";

    private final HttpStatus status;
    private final String slug;
    private final String title;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(BASE_URI + slug);
    }

    /** The type for a bare HTTP status raised by the framework (routing, content negotiation). */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 413 -> CONTENT_TOO_LARGE;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> OUTCOME_UNKNOWN;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}

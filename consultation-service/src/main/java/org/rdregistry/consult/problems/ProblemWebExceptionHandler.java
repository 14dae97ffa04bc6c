package org.rdregistry.consult.problems;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * Renders every error as {@code application/problem+json}: the service's own {@link ProblemException}s
 * and the framework's routing errors (404, 405, 406, 413, 415, 400). Ordered before Spring Boot's
 * {@code ErrorWebExceptionHandler} (order -1), so no other error format ever leaves the service.
 * Unexpected exceptions are logged (without request bodies) and answered with a bare 500.
 */
@Component
@Order(-2)
public class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        ProblemType type;
        String detail;
        List<FieldProblem> errors = List.of();
        HttpHeaders headers = HttpHeaders.EMPTY;
        if (ex instanceof ProblemException p) {
            type = p.type();
            detail = p.detail();
            errors = p.errors();
            headers = p.headers();
        } else if (ex instanceof ResponseStatusException rse) {
            type = ProblemType.forStatus(rse.getStatusCode().value());
            headers = rse.getHeaders();
            detail = switch (type) {
                case NOT_FOUND -> "no resource at " + exchange.getRequest().getPath().value();
                case METHOD_NOT_ALLOWED -> "method " + ((rse instanceof MethodNotAllowedException m) ? m.getHttpMethod()
                        : exchange.getRequest().getMethod()) + " is not allowed here";
                case UNSUPPORTED_MEDIA_TYPE -> "Content-Type must be " + supported(rse);
                case CONTENT_TOO_LARGE -> "the request body exceeds the configured limit";
                default -> rse.getReason() != null ? rse.getReason() : type.title();
            };
        } else {
            log.error("unhandled error on {} request", exchange.getRequest().getMethod(), ex);
            type = ProblemType.INTERNAL_ERROR;
            detail = "internal error";
        }
        return ProblemResponses.write(exchange, ProblemResponses.problem(type, detail, exchange, errors), headers);
    }

    private static String supported(ResponseStatusException rse) {
        if (rse instanceof UnsupportedMediaTypeStatusException u && !u.getSupportedMediaTypes().isEmpty()) {
            return u.getSupportedMediaTypes().stream().map(Object::toString).distinct()
                    .reduce((a, b) -> a + " or " + b).orElseThrow();
        }
        return "application/json";
    }
}

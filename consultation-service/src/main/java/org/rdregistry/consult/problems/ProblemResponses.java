package org.rdregistry.consult.problems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds RFC 9457 {@link ProblemDetail}s and writes them as {@code application/problem+json}. Used by
 * the exception handler and by the security entry points (which answer outside the handler chain).
 * The body is written from an explicit map so the wire shape is exactly the contract's
 * ({@code type, title, status, detail, instance, errors}) whatever the codecs' configuration.
 */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    public static ProblemDetail problem(ProblemType type, String detail, String instance, List<FieldProblem> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(type.status(), detail);
        p.setType(type.uri());
        p.setTitle(type.title());
        p.setInstance(java.net.URI.create(instance));
        p.setProperty("errors", List.copyOf(errors));
        return p;
    }

    public static ProblemDetail problem(ProblemType type, String detail, ServerWebExchange exchange, List<FieldProblem> errors) {
        return problem(type, detail, exchange.getRequest().getPath().value(), errors);
    }

    /** Writes the problem with its status; {@code headers} (e.g. Allow, WWW-Authenticate) are added. */
    public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, HttpHeaders headers) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(org.springframework.http.HttpStatusCode.valueOf(problem.getStatus()));
        headers.forEach((name, values) -> response.getHeaders().put(name, values));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = JSON.writeValueAsBytes(toMap(problem));
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    static Map<String, Object> toMap(ProblemDetail p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", String.valueOf(p.getType()));
        m.put("title", p.getTitle());
        m.put("status", p.getStatus());
        m.put("detail", p.getDetail());
        if (p.getInstance() != null) {
            m.put("instance", p.getInstance().toString());
        }
        if (p.getProperties() != null) {
            m.putAll(p.getProperties());
        }
        return m;
    }
}

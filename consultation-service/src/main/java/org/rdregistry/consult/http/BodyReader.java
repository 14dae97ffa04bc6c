package org.rdregistry.consult.http;

import java.util.List;

import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.consult.problems.FieldProblem;
import org.rdregistry.consult.problems.ProblemException;
import org.rdregistry.consult.problems.ProblemType;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Reads a request body into memory up to {@code consult.max-body-bytes} (as intake-service does). A declared
 * Content-Length over the limit is refused before anything is read; a chunked body as soon as the bytes received
 * pass the limit, so an oversized body is never held whole.
 */
@Component
public class BodyReader {

    private final int maxBytes;

    public BodyReader(ConsultProperties properties) {
        this.maxBytes = (int) properties.maxBodyBytes().toBytes();
    }

    public Mono<byte[]> read(ServerHttpRequest request) {
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge());
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge())
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemType.MALFORMED_JSON, "the request body is empty",
                        List.of(new FieldProblem("$", "empty body")))));
    }

    private ProblemException tooLarge() {
        return new ProblemException(ProblemType.CONTENT_TOO_LARGE,
                "the request body exceeds " + maxBytes + " bytes (consult.max-body-bytes)");
    }
}

package org.rdregistry.service.http;

import io.netty.channel.EventLoop;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Handles every request in a later task of its connection's event loop, not inside the call that dispatched it.
 *
 * <p>Why: reactor-netty up to 1.3.7 (Spring Boot 4.1.x manages 1.3.6 / 1.3.7) stops reading a keep-alive
 * connection in one case (reactor/reactor-netty#4361, fixed in 1.3.8): a request that arrives before the previous
 * request's server-side operations have terminated is queued, and when it is dispatched from that queue and answered
 * synchronously within the dispatch, the server never reads from the connection again. The next request on it then
 * waits for the client's timeout. Seen in stats-service's tests: a request answered off the event loop (verification records, the actuator's
 * endpoints, the Kafka health check) directly followed by one answered on it (a 400/401/403/404, a view lookup) hit
 * this on a loaded machine. Answering in a later task means no response completes inside the dispatch, so reading
 * always resumes. The cost is one task hop on the same event loop per request.
 *
 * <p>Remove this filter once the managed reactor-netty is 1.3.8 or newer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DeferredDispatchFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (!(nativeRequest instanceof Connection connection)) {
            return chain.filter(exchange);
        }
        EventLoop loop = connection.channel().eventLoop();
        // execute() always queues a task (also when called on the loop itself): the chain starts after the dispatch
        return Mono.<Void>create(sink -> loop.execute(sink::success)).then(Mono.defer(() -> chain.filter(exchange)));
    }
}

package org.janseva.gateway.system;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads a request body sent without {@code Content-Length} (chunked) up to the limit before the
 * request is forwarded, then forwards it whole with its length: a body over the limit is a 413
 * before any byte of it reaches a backend, and a backend never receives a body cut short.
 * ({@link RequestSizeWebFilter} refuses a declared length over the limit at once; a chunked
 * body's length is known only once it has been read.) Counting the bytes while streaming them
 * and failing at the limit, as the gateway did, came too late: the backend already had the
 * headers and the first mebibyte, and depending on how the upstream request ended it answered
 * for a truncated body (user-service's 400 for cut-off JSON, about one time in five) or the
 * exchange hung.
 *
 * <p>A body whose chunked framing breaks is never forwarded, not even the part read before the
 * break: Netty has refused the request already ({@link RequestBodies#read}). A body that stops
 * coming is given up at {@code platform.gateway.body-timeout} ({@link RequestBodyDeadlineWebFilter}).
 *
 * <p>It is a route filter, so it runs after the token check and the rate limiter: nobody makes
 * the gateway read a body it would refuse anyway. The body is copied into a heap array (at most
 * the limit, and only for chunked requests, which the apps do not send).
 */
@Component
class ChunkedBodyLimitFilter implements GlobalFilter, Ordered {

    private final int maxBytes;

    ChunkedBodyLimitFilter(GatewayProperties properties) {
        this.maxBytes = Math.toIntExact(properties.maxRequestBody().toBytes());
    }

    /** Before every route filter that could send something upstream. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2_000;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        // a body with a length was checked by RequestSizeWebFilter; no body, nothing to measure
        if (headers.getContentLength() >= 0 || !RequestBodies.expected(headers)) {
            return chain.filter(exchange);
        }
        return RequestBodies.read(exchange, maxBytes).flatMap(chain::filter);
    }
}

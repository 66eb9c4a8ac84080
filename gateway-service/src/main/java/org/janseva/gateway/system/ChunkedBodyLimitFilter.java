package org.janseva.gateway.system;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

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
 * break: Netty has refused the request already (see {@link #refusedByNetty}).
 *
 * <p>It is a route filter, so it runs after the token check and the rate limiter: nobody makes
 * the gateway read a body it would refuse anyway. The body is copied into a heap array (at most
 * the limit, and only for chunked requests, which the apps do not send), so nothing needs
 * releasing however the exchange ends.
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
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        // HTTP/1.1 (the gateway speaks nothing else): a request without Content-Length has a
        // body only when it says Transfer-Encoding
        if (headers.getContentLength() >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .onErrorMap(DataBufferLimitException.class, ex -> RequestSizeWebFilter.tooLarge(maxBytes))
                .map(ChunkedBodyLimitFilter::copy)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> refusedByNetty(exchange)
                        ? Mono.<Void>empty()
                        : chain.filter(exchange.mutate()
                                .request(new BufferedRequest(request, body))
                                .build()));
    }

    /**
     * Whether Netty's decoder refused the body's framing (a bad chunk size or extension, a bare
     * LF): Reactor Netty then answers a 400 itself, closes the connection and ends the body as if
     * it were complete, so what was read is only a prefix of it (or all of it, when the framing
     * broke after the last byte of content) of a request the client has been told was refused.
     * Its answer having gone out is how that shows.
     */
    private static boolean refusedByNetty(ServerWebExchange exchange) {
        Object response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
        return response instanceof HttpServerResponse netty && netty.hasSentHeaders();
    }

    private static byte[] copy(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }

    /** The request with its body read: a fixed length instead of chunks. */
    private static final class BufferedRequest extends ServerHttpRequestDecorator {

        private final byte[] body;
        private final HttpHeaders headers;

        BufferedRequest(ServerHttpRequest request, byte[] body) {
            super(request);
            this.body = body;
            this.headers = HttpHeaders.copyOf(request.getHeaders());
            headers.remove(HttpHeaders.TRANSFER_ENCODING);
            headers.setContentLength(body.length);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return body.length == 0
                    ? Flux.empty()
                    : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        }
    }
}

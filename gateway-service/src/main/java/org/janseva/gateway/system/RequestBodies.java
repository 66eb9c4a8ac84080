package org.janseva.gateway.system;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Reading a request's body whole before it goes on: for a chunked body, whose size is known only
 * then ({@link ChunkedBodyLimitFilter}), and for a login, which takes one of the few login slots
 * only once its body is in (the login limit), so that a client sending slowly never holds one.
 * The body is copied into a heap array (at most the limit), so nothing needs releasing however
 * the exchange ends; reading it is bounded in time by {@link RequestBodyDeadlineWebFilter}.
 */
public final class RequestBodies {

    private RequestBodies() {}

    /**
     * @return whether the request says it has a body: HTTP/1.1 (the gateway speaks nothing else)
     *     has one only with a {@code Content-Length} above 0 or a {@code Transfer-Encoding}
     */
    public static boolean expected(HttpHeaders headers) {
        long length = headers.getContentLength();
        return length > 0 || (length < 0 && headers.containsHeader(HttpHeaders.TRANSFER_ENCODING));
    }

    /**
     * Reads the body up to {@code maxBytes}: more is a 413 problem.
     *
     * @return the exchange with the body read and a {@code Content-Length} instead of chunks, or
     *     empty if Netty has refused the request meanwhile (see {@link #refusedByNetty})
     */
    public static Mono<ServerWebExchange> read(ServerWebExchange exchange, int maxBytes) {
        ServerHttpRequest request = exchange.getRequest();
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .onErrorMap(DataBufferLimitException.class, ex -> RequestSizeWebFilter.tooLarge(maxBytes))
                .map(RequestBodies::copy)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> refusedByNetty(exchange)
                        ? Mono.empty()
                        : Mono.just(exchange.mutate()
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

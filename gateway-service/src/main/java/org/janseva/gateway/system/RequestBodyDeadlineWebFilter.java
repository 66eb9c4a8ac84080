package org.janseva.gateway.system;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Gives every request body a deadline, {@code platform.gateway.body-timeout} after the request's
 * headers arrived, whoever reads it (the login limit, {@link ChunkedBodyLimitFilter}, the
 * forwarding to a backend): a body that has not ended by then fails with a
 * {@link RequestBodyTimeoutException}, its reading is cancelled (Reactor Netty releases what it
 * still holds, the readers what they had joined) and the client gets a 408 problem. Without it a
 * stalled chunked upload held its buffered mebibyte until the client finished, which it need
 * never do.
 *
 * <p>It also notes when the body has fully arrived ({@link #bodyReceived}), so that a route that
 * times out while the client is still sending is told apart from a slow backend: the first is a 408,
 * the second a 504.
 *
 * <p>A body cut off by its client hanging up (the connection closed or reset before the body's
 * end) is not failed with Reactor Netty's error: it is left unfinished, because Reactor Netty, a
 * moment later on the connection's own thread, cancels the request's handling (whatever reads the
 * body: the login limit, or the backend call, whose connection to the backend is then closed), and
 * the request is recorded as given up by its client ({@link RequestContextWebFilter}). Passed on,
 * the error raced that cancellation from the backend connection's thread: the backend call failed
 * with it (Reactor Netty's WARN {@code The connection observed an error}), and when it reached the
 * error handler first, the handler's answer was cancelled before it started (no access line or
 * metric at all), or, after a reset, before Reactor Netty had seen the connection closed (an ERROR
 * {@code Unexpected gateway failure}).
 */
@Component
class RequestBodyDeadlineWebFilter implements WebFilter, Ordered {

    /** Exchange attribute: an {@link AtomicBoolean}, set once the request's body has fully arrived. */
    static final String BODY_RECEIVED_ATTRIBUTE = RequestBodyDeadlineWebFilter.class.getName() + ".bodyReceived";

    private final Duration timeout;

    RequestBodyDeadlineWebFilter(GatewayProperties properties) {
        this.timeout = properties.bodyTimeout();
    }

    /** Before anything that could read a body; the clock starts here, as the headers have arrived. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        AtomicBoolean received = new AtomicBoolean(!RequestBodies.expected(request.getHeaders()));
        exchange.getAttributes().put(BODY_RECEIVED_ATTRIBUTE, received);
        if (received.get()) {
            return chain.filter(exchange);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Flux<DataBuffer> body = Flux.defer(() -> request.getBody()
                .timeout(
                        Mono.delay(remaining(deadline)),
                        buffer -> Mono.delay(remaining(deadline)),
                        Flux.error(new RequestBodyTimeoutException()))
                .doOnComplete(() -> received.set(true))
                .onErrorResume(RequestBodyDeadlineWebFilter::clientHungUp, ex -> Flux.never()));
        return chain.filter(exchange.mutate()
                .request(new ServerHttpRequestDecorator(request) {
                    @Override
                    public Flux<DataBuffer> getBody() {
                        return body;
                    }
                })
                .build());
    }

    /** @return whether the request's body, if it had one, has fully arrived */
    static boolean bodyReceived(ServerWebExchange exchange) {
        AtomicBoolean received = exchange.getAttribute(BODY_RECEIVED_ATTRIBUTE);
        return received == null || received.get();
    }

    /**
     * @return whether the body failed because its client's connection did: Reactor Netty's
     *     {@code AbortedException} for a closed one, the socket's {@code IOException} for a reset
     *     (the gateway's own deadline and Netty's refusals of the framing are neither)
     */
    private static boolean clientHungUp(Throwable ex) {
        return ex instanceof AbortedException || ex instanceof IOException;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}

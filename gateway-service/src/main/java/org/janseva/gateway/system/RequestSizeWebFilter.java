package org.janseva.gateway.system;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies over the limit (1 MiB): at once when {@code Content-Length} says so, and
 * for chunked bodies as soon as the bytes forwarded pass the limit. Spring Cloud Gateway's
 * {@code RequestSize} filter only looks at the header and answers without a problem document.
 */
@Component
class RequestSizeWebFilter implements WebFilter, Ordered {

    private final long maxBytes;

    RequestSizeWebFilter(GatewayProperties properties) {
        this.maxBytes = properties.maxRequestBody().toBytes();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge());
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        AtomicLong seen = new AtomicLong();
        ServerHttpRequestDecorator limited = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                        sink.error(tooLarge());
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(limited).build());
    }

    private ResponseStatusException tooLarge() {
        return new ResponseStatusException(
                HttpStatus.PAYLOAD_TOO_LARGE, "The request body exceeds the limit of " + maxBytes + " bytes.");
    }
}

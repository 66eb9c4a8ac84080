package org.janseva.gateway.system;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies over the limit (1 MiB) at once when {@code Content-Length} says so, before
 * anything else is done for the request (only the request id and CORS come first, so that the 413
 * carries both). A chunked body is measured by
 * {@link ChunkedBodyLimitFilter}, which reads it before routing. Spring Cloud Gateway's
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
        return GatewayCorsWebFilter.ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge(maxBytes));
        }
        return chain.filter(exchange);
    }

    static ResponseStatusException tooLarge(long maxBytes) {
        return new ResponseStatusException(
                HttpStatus.PAYLOAD_TOO_LARGE, "The request body exceeds the limit of " + maxBytes + " bytes.");
    }
}

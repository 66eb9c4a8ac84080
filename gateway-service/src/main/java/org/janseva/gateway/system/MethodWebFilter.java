package org.janseva.gateway.system;

import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose method the platform does not speak (anything but GET, HEAD, POST, PUT,
 * PATCH, DELETE and OPTIONS: TRACE, PROPFIND, any token a client makes up) with a 405 problem
 * before it is routed. The services refused them too, but only after the gateway had forwarded
 * them, and Spring Cloud Gateway's route metrics and the HTTP client's observations tag every
 * request with its method as sent: each made-up method added its own time series, without a
 * token (public routes take any method), so anyone could grow the gateway's and Prometheus's
 * memory at will. Each resource's own methods are narrower; the service answers those 405s.
 */
@Component
class MethodWebFilter implements WebFilter, Ordered {

    /** The methods the platform's API uses, as {@code Allow} lists them. */
    static final String SPOKEN_LIST = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private static final Set<HttpMethod> SPOKEN = Set.of(
            HttpMethod.GET,
            HttpMethod.HEAD,
            HttpMethod.POST,
            HttpMethod.PUT,
            HttpMethod.PATCH,
            HttpMethod.DELETE,
            HttpMethod.OPTIONS);

    /** Right after CORS, with the request-size check: before the token check and routing. */
    @Override
    public int getOrder() {
        return GatewayCorsWebFilter.ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (SPOKEN.contains(exchange.getRequest().getMethod())) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.ALLOW, SPOKEN_LIST);
        return Mono.error(new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED));
    }
}

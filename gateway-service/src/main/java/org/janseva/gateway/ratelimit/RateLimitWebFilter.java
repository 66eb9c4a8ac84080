package org.janseva.gateway.ratelimit;

import org.janseva.gateway.auth.AuthenticationWebFilter;
import org.janseva.gateway.auth.GatewayCaller;
import org.janseva.gateway.system.ClientAddresses;
import org.janseva.gateway.system.GatewayRejection;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits each caller's request rate (after the token check, so a signed-in citizen is limited
 * by who they are, wherever they come from) and says so in {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset}; over the limit, a 429
 * {@code RATE_LIMITED} problem with {@code Retry-After}.
 */
final class RateLimitWebFilter implements WebFilter, Ordered {

    private final RateLimiterStore store;
    private final RateLimitProperties properties;

    RateLimitWebFilter(RateLimiterStore store, RateLimitProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Override
    public int getOrder() {
        return AuthenticationWebFilter.ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!properties.enabled() || exchange.getRequest().getPath().value().startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        GatewayCaller caller = exchange.getAttribute(GatewayCaller.ATTRIBUTE);
        String key;
        int rate;
        int burst;
        if (caller != null) {
            key = "sub:" + caller.subject();
            rate = properties.authenticatedRate();
            burst = properties.authenticatedBurst();
        } else {
            key = "ip:" + address(exchange);
            rate = properties.anonymousRate();
            burst = properties.anonymousBurst();
        }
        return store.consume(key, rate, burst).flatMap(decision -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("RateLimit-Limit", Integer.toString(burst));
            headers.set("RateLimit-Remaining", Long.toString(decision.remaining()));
            // seconds until the bucket is full again
            long reset = (long) Math.ceil((burst - decision.remaining()) / (double) rate);
            headers.set("RateLimit-Reset", Long.toString(Math.max(decision.allowed() ? 0 : 1, reset)));
            if (!decision.allowed()) {
                return Mono.error(new GatewayRejection(
                        429, "Too many requests; slow down and retry after the time in Retry-After.", Math.max(1, (long)
                                Math.ceil(1.0 / rate))));
            }
            return chain.filter(exchange);
        });
    }

    private static String address(ServerWebExchange exchange) {
        return exchange.getAttributeOrDefault(ClientAddresses.ATTRIBUTE, "unknown");
    }
}

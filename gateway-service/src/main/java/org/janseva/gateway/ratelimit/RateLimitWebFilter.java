package org.janseva.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.janseva.gateway.auth.AuthenticationWebFilter;
import org.janseva.gateway.auth.CallerWebFilter;
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
 * Limits each caller's request rate and says so in {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset}; over the limit, a 429
 * {@code RATE_LIMITED} problem with {@code Retry-After}. It runs after the token is verified
 * ({@link CallerWebFilter}), so a signed-in citizen is limited by who they are, wherever they come
 * from, and before the access decision ({@link AuthenticationWebFilter}), so every request counts
 * against a bucket before it can be refused: one without a valid token (none, or a bad one)
 * counts against its address's anonymous bucket, and a flood of refused requests meets a 429
 * like any other.
 *
 * <p>Each refusal is counted in {@code janseva.gateway.rate.limited}, tagged by the bucket that
 * ran dry ({@code citizen} or {@code address}): a 429 is answered before routing, so the request
 * metric's {@code route} tag is {@code none} for all of them and cannot say which callers are
 * being throttled.
 */
final class RateLimitWebFilter implements WebFilter, Ordered {

    private final RateLimiterStore store;
    private final RateLimitProperties properties;
    private final Counter citizensRefused;
    private final Counter addressesRefused;

    RateLimitWebFilter(RateLimiterStore store, RateLimitProperties properties, MeterRegistry registry) {
        this.store = store;
        this.properties = properties;
        this.citizensRefused = refusals(registry, "citizen");
        this.addressesRefused = refusals(registry, "address");
    }

    private static Counter refusals(MeterRegistry registry, String bucket) {
        return Counter.builder("janseva.gateway.rate.limited")
                .description("Requests refused with 429 RATE_LIMITED, by the bucket that ran dry: a signed-in"
                        + " citizen's or an anonymous client address's")
                .tag("bucket", bucket)
                .register(registry);
    }

    @Override
    public int getOrder() {
        return CallerWebFilter.ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!properties.enabled()
                || probeOrScrape(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        GatewayCaller caller = exchange.getAttribute(GatewayCaller.ATTRIBUTE);
        String key;
        int rate;
        int burst;
        Counter refusals = caller != null ? citizensRefused : addressesRefused;
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
            if (!decision.checked()) {
                // let through without a count (Redis did not answer): nothing to say of what is left
                return chain.filter(exchange);
            }
            headers.set("RateLimit-Remaining", Long.toString(decision.remaining()));
            // seconds until the bucket is full again
            long reset = (long) Math.ceil((burst - decision.remaining()) / (double) rate);
            headers.set("RateLimit-Reset", Long.toString(Math.max(decision.allowed() ? 0 : 1, reset)));
            if (!decision.allowed()) {
                refusals.increment();
                return Mono.error(new GatewayRejection(
                        429, "Too many requests; slow down and retry after the time in Retry-After.", Math.max(1, (long)
                                Math.ceil(1.0 / rate))));
            }
            return chain.filter(exchange);
        });
    }

    /**
     * Health probes and metric scrapes come often from a few addresses (the kubelet, Prometheus)
     * and are public, so never refused: they are not counted. Every other path is, the rest of
     * {@code /actuator} included (a bad token there is refused like anywhere).
     */
    private static boolean probeOrScrape(String path) {
        return path.equals("/actuator/health")
                || path.startsWith("/actuator/health/")
                || path.equals("/actuator/prometheus");
    }

    private static String address(ServerWebExchange exchange) {
        return exchange.getAttributeOrDefault(ClientAddresses.ATTRIBUTE, "unknown");
    }
}

package org.janseva.gateway.system;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code janseva.gateway.requests} (timer): every request the gateway answers, tagged by route,
 * method, status and channel, with latency buckets for the p50/p95/p99 panels. Low cardinality
 * by construction: the route is the backend service's route id ({@code none} when the request was
 * refused before routing: 401, 403, 404, 413, 429, and the login concurrency limit's 503), the channel one of the four apps' values
 * ({@code other} for anything else, {@code none} without the header), the method one of the
 * usual ones. Spring Cloud Gateway's own {@code spring_cloud_gateway_requests_seconds} knows no
 * channel and sees no request refused before routing.
 */
@Component
class GatewayRequestMetrics {

    /** Explicit buckets rather than the percentiles histogram: routes x statuses x channels. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    /** The route tag (and access-log route) of a request the gateway answered before routing it. */
    static final String NO_ROUTE = "none";

    private static final Set<String> CHANNELS = Set.of("android", "ios", "web", "kaios");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    GatewayRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @return the id of the route that took the request to a backend, {@link #NO_ROUTE} before routing */
    static String routeId(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route == null ? NO_ROUTE : route.getId();
    }

    void record(ServerWebExchange exchange, int status, long nanos) {
        record(
                routeId(exchange),
                exchange.getRequest().getMethod().name(),
                exchange.getRequest().getHeaders().getFirst("X-Channel"),
                status,
                nanos);
    }

    /**
     * @param routeId the route's id, {@code none} for a request refused before routing
     * @param methodName the request's method
     * @param channelHeader the {@code X-Channel} header as sent, or {@code null}
     */
    void record(String routeId, String methodName, String channelHeader, int status, long nanos) {
        String method = METHODS.contains(methodName) ? methodName : "other";
        String channel = channel(channelHeader);
        String statusText = Integer.toString(status);
        String key = routeId + '|' + method + '|' + statusText + '|' + channel;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(
                    key,
                    k -> Timer.builder("janseva.gateway.requests")
                            .description("Requests answered by the gateway, by route, method, status and channel")
                            .tag("route", routeId)
                            .tag("method", method)
                            .tag("status", statusText)
                            .tag("channel", channel)
                            .serviceLevelObjectives(BUCKETS)
                            .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    static String channel(String header) {
        if (header == null || header.isBlank()) {
            return "none";
        }
        String channel = header.strip().toLowerCase(Locale.ROOT);
        return CHANNELS.contains(channel) ? channel : "other";
    }
}

package org.janseva.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by every gateway instance, through Spring Cloud Gateway's own
 * {@link RedisRateLimiter} (the engine of its {@code RequestRateLimiter} filter: one atomic Lua
 * script per request). When Redis fails the limiter lets requests through, as Spring Cloud
 * Gateway's does: an outage of the limiter must not become an outage of the platform.
 */
final class RedisRateLimiterStore implements RateLimiterStore {

    private final ApplicationContext context;
    private final Map<String, RedisRateLimiter> limiters = new ConcurrentHashMap<>();

    RedisRateLimiterStore(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Mono<Decision> consume(String key, int rate, int burst) {
        RedisRateLimiter limiter = limiters.computeIfAbsent(rate + "/" + burst, k -> {
            RedisRateLimiter created = new RedisRateLimiter(rate, burst, 1);
            created.setApplicationContext(context);
            return created;
        });
        return limiter.isAllowed("janseva", key).map(response -> {
            String remaining = response.getHeaders().get(RedisRateLimiter.REMAINING_HEADER);
            long left = remaining == null ? 0 : Math.max(0, Long.parseLong(remaining));
            return new Decision(response.isAllowed(), left);
        });
    }
}

package org.janseva.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.janseva.platform.core.logging.LogReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Token buckets in Redis, shared by every gateway instance, through Spring Cloud Gateway's own
 * {@link RedisRateLimiter} (the engine of its {@code RequestRateLimiter} filter: one atomic Lua
 * script per request). When Redis fails the limiter lets requests through: an outage of the
 * limiter must not become an outage of the platform. That holds for a Redis that stalls too
 * (busy, or behind a partition that drops packets), not only one that refuses connections: a
 * decision not made within {@code platform.gateway.rate-limit.redis-timeout} lets the request
 * through unchecked, where it would otherwise wait for Lettuce's command timeout (a minute by
 * default). An unchecked request carries no {@code RateLimit-Remaining} (Spring Cloud Gateway's
 * fallback answers "allowed, -1 left", which is no count), is counted in
 * {@code janseva.gateway.rate.limit.unchecked}, and the outage is logged once a minute while it
 * lasts and once when Redis answers again.
 */
final class RedisRateLimiterStore implements RateLimiterStore {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiterStore.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final ApplicationContext context;
    private final Duration timeout;
    private final Counter unchecked;
    private final Map<String, RedisRateLimiter> limiters = new ConcurrentHashMap<>();
    /** When the last outage WARN was logged (System.nanoTime()), 0 while Redis answers. */
    private final AtomicLong failingSinceWarn = new AtomicLong();

    private final AtomicLong uncheckedSinceWarn = new AtomicLong();

    RedisRateLimiterStore(ApplicationContext context, Duration timeout, MeterRegistry registry) {
        this.context = context;
        this.timeout = timeout;
        this.unchecked = Counter.builder("janseva.gateway.rate.limit.unchecked")
                .description("Requests let through without a rate-limit check because Redis did not answer in time")
                .register(registry);
    }

    @Override
    public Mono<Decision> consume(String key, int rate, int burst) {
        RedisRateLimiter limiter = limiters.computeIfAbsent(rate + "/" + burst, k -> {
            RedisRateLimiter created = new RedisRateLimiter(rate, burst, 1);
            created.setApplicationContext(context);
            return created;
        });
        // Lettuce opens its shared connection synchronously, inside the subscription, and waits for
        // the handshake's answer: on the server's event loop a stalled Redis would block that loop
        // (and every response written on it) however soon the decision's time limit fires
        return Mono.defer(() -> limiter.isAllowed("janseva", key))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .map(response -> {
                    String remaining = response.getHeaders().get(RedisRateLimiter.REMAINING_HEADER);
                    long left = remaining == null ? Decision.UNKNOWN : Long.parseLong(remaining);
                    // Spring Cloud Gateway's own fallback when the script failed: allowed, -1 left
                    return left < 0 ? unchecked(null) : answered(new Decision(response.isAllowed(), left));
                })
                .onErrorResume(ex -> Mono.just(unchecked(ex)));
    }

    private Decision answered(Decision decision) {
        if (failingSinceWarn.get() != 0 && failingSinceWarn.getAndSet(0) != 0) {
            log.info(
                    "Redis answers the rate limiter again; {} requests were let through unchecked",
                    uncheckedSinceWarn.getAndSet(0));
        }
        return decision;
    }

    private Decision unchecked(Throwable cause) {
        unchecked.increment();
        uncheckedSinceWarn.incrementAndGet();
        long now = System.nanoTime() | 1; // never 0, which means "not failing"
        long last = failingSinceWarn.get();
        if ((last == 0 || now - last >= WARN_EVERY_NANOS) && failingSinceWarn.compareAndSet(last, now)) {
            log.warn(
                    "Redis did not answer the rate limiter within {} ms ({}); requests pass unchecked until it"
                            + " does ({} so far)",
                    timeout.toMillis(),
                    cause == null ? "the limiter's Redis call failed" : LogReasons.of(cause),
                    uncheckedSinceWarn.get());
        }
        return Decision.unchecked();
    }
}

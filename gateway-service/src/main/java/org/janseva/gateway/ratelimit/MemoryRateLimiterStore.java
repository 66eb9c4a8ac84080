package org.janseva.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Token buckets in this instance's memory (no Redis configured): limits hold per instance. */
final class MemoryRateLimiterStore implements RateLimiterStore {

    private static final class Bucket {
        private double tokens = -1;
        private long updatedNanos;

        synchronized Decision take(int rate, int burst, long now) {
            if (tokens < 0) {
                tokens = burst;
            } else {
                tokens = Math.min(burst, tokens + (now - updatedNanos) / 1e9 * rate);
            }
            updatedNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision(true, (long) tokens);
            }
            return new Decision(false, 0);
        }
    }

    private final Cache<String, Bucket> buckets;

    MemoryRateLimiterStore(long maxBuckets) {
        // an idle bucket refills fully within seconds; forgetting it after a minute changes nothing
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .expireAfterAccess(Duration.ofMinutes(1))
                .build();
    }

    @Override
    public Mono<Decision> consume(String key, int rate, int burst) {
        return Mono.just(buckets.get(key, k -> new Bucket()).take(rate, burst, System.nanoTime()));
    }
}

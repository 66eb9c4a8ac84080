package org.janseva.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.janseva.gateway.system.GatewayProperties;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the rate limits: Redis when {@code platform.gateway.rate-limit.redis=true}, memory otherwise. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    RateLimiterStore rateLimiterStore(
            RateLimitProperties properties, ApplicationContext context, MeterRegistry registry) {
        if (properties.redis()) {
            LoggerFactory.getLogger(RateLimitConfiguration.class)
                    .info("Rate limits are shared in Redis (spring.data.redis.*)");
            return new RedisRateLimiterStore(context, properties.redisTimeout(), registry);
        }
        return new MemoryRateLimiterStore(properties.memoryBuckets());
    }

    @Bean
    RateLimitWebFilter rateLimitWebFilter(
            RateLimiterStore store, RateLimitProperties properties, MeterRegistry registry) {
        return new RateLimitWebFilter(store, properties, registry);
    }

    @Bean
    LoginConcurrencyWebFilter loginConcurrencyWebFilter(RateLimitProperties properties, GatewayProperties gateway) {
        return new LoginConcurrencyWebFilter(
                properties, Math.toIntExact(gateway.maxRequestBody().toBytes()));
    }
}

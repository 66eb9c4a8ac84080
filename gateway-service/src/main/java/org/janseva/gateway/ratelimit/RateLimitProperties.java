package org.janseva.gateway.ratelimit;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits ({@code platform.gateway.rate-limit.*}), token buckets per caller: a signed-in
 * caller by token subject, an anonymous one by client address (API.md: 20/s with bursts of 40;
 * 100/s per address, as carriers put many citizens behind one).
 *
 * @param enabled whether requests are limited at all
 * @param redis whether the buckets live in Redis ({@code spring.data.redis.*}), shared by every
 *     gateway instance; otherwise in this instance's memory
 * @param authenticatedRate tokens per second for a signed-in caller
 * @param authenticatedBurst bucket size for a signed-in caller
 * @param anonymousRate tokens per second per anonymous address
 * @param anonymousBurst bucket size per anonymous address
 * @param loginPaths the login routes that get their own concurrency limit
 * @param loginConcurrency how many login requests are forwarded at once; more get a 503, so a
 *     login flood (Argon2 is slow by design) cannot take user-service's or anyone's capacity
 * @param memoryBuckets how many buckets the in-memory store keeps
 * @param redisTimeout how long a request waits for Redis's decision; past it, the request is let
 *     through unchecked (a stalled Redis must not hold every request)
 */
@Validated
@ConfigurationProperties("platform.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean redis,
        @DefaultValue("20") @Min(1) int authenticatedRate,
        @DefaultValue("40") @Min(1) int authenticatedBurst,
        @DefaultValue("100") @Min(1) int anonymousRate,
        @DefaultValue("100") @Min(1) int anonymousBurst,

        @DefaultValue({"POST /api/v1/auth/login", "POST /api/v1/auth/register"})
        List<String> loginPaths,

        @DefaultValue("8") @Min(1) int loginConcurrency,
        @DefaultValue("200000") long memoryBuckets,
        @DefaultValue("250ms") Duration redisTimeout) {}

package org.janseva.payment.system;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Keeps the tokens the platform's decoder has verified until they expire, as the gateway does
 * (ARCHITECTURE.md): a citizen's app sends the same token with every request for up to 15
 * minutes, and an RSA verification per request is most of what a replayed payment costs. A
 * token is served from the cache only before its {@code exp}; anything not cached goes through
 * the full check (signature, issuer, audience, expiry). Bounded: the cache is dropped whole when
 * it reaches its size, never an LRU bookkeeping cost per request.
 */
@Component
class VerifiedTokenCache implements BeanPostProcessor {

    static final int MAX_ENTRIES = 20_000;

    private final Clock clock;

    VerifiedTokenCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
            return new CachingJwtDecoder(decoder, clock);
        }
        return bean;
    }

    static final class CachingJwtDecoder implements JwtDecoder {

        private final JwtDecoder delegate;
        private final Clock clock;
        private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

        CachingJwtDecoder(JwtDecoder delegate, Clock clock) {
            this.delegate = delegate;
            this.clock = clock;
        }

        @Override
        public Jwt decode(String token) {
            Jwt cached = verified.get(token);
            Instant now = clock.instant();
            if (cached != null) {
                if (cached.getExpiresAt() != null && now.isBefore(cached.getExpiresAt())) {
                    return cached;
                }
                verified.remove(token);
            }
            Jwt jwt = delegate.decode(token);
            if (jwt.getExpiresAt() != null) {
                if (verified.size() >= MAX_ENTRIES) {
                    verified.clear();
                }
                verified.put(token, jwt);
            }
            return jwt;
        }
    }
}

package org.janseva.payment.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class VerifiedTokenCacheTests {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();
    private Instant now = NOW;

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private JwtDecoder cached(Instant expiresAt) {
        JwtDecoder delegate = token -> {
            verifications.incrementAndGet();
            if (token.equals("bad")) {
                throw new JwtException("bad signature");
            }
            return new Jwt(token, NOW.minusSeconds(60), expiresAt, Map.of("alg", "RS256"), Map.of("sub", "c-1"));
        };
        return (JwtDecoder) new VerifiedTokenCache(clock).postProcessAfterInitialization(delegate, "jwtDecoder");
    }

    @Test
    void shouldVerifyATokenOnceUntilItExpires() {
        JwtDecoder decoder = cached(NOW.plusSeconds(600));

        decoder.decode("token-a");
        decoder.decode("token-a");
        decoder.decode("token-b");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldVerifyAgainOnceTheCachedTokenHasExpired() {
        JwtDecoder decoder = cached(NOW.plusSeconds(60));
        decoder.decode("token-a");
        decoder.decode("token-a");

        now = NOW.plusSeconds(61);
        decoder.decode("token-a");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldNeverCacheARefusedToken() {
        JwtDecoder decoder = cached(NOW.plusSeconds(600));

        assertThatThrownBy(() -> decoder.decode("bad")).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad")).isInstanceOf(JwtException.class);

        assertThat(verifications).hasValue(2);
    }
}

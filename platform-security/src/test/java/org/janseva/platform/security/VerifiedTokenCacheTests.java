package org.janseva.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokenCacheTests {

    private final Instant now = Instant.parse("2026-11-01T10:00:00Z");
    private final AtomicInteger verifications = new AtomicInteger();

    private JwtDecoder verifier(Instant expiresAt) {
        return token -> {
            verifications.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new BadJwtException("signature");
            }
            return Jwt.withTokenValue(token)
                    .header("alg", "RS256")
                    .subject("c-1")
                    .issuedAt(now.minusSeconds(60))
                    .expiresAt(expiresAt)
                    .build();
        };
    }

    @Test
    void shouldVerifyAGoodTokenOnceUntilItExpires() {
        VerifiedTokenCache cache = new VerifiedTokenCache(
                verifier(now.plusSeconds(600)), Clock.fixed(now, ZoneOffset.UTC), 100, Duration.ofMinutes(15));

        assertThat(cache.decode("token-a").getSubject()).isEqualTo("c-1");
        assertThat(cache.decode("token-a").getSubject()).isEqualTo("c-1");
        cache.decode("token-b");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldVerifyAgainOnceTheTokenHasExpired() {
        VerifiedTokenCache cache = new VerifiedTokenCache(
                verifier(now.minusSeconds(1)), Clock.fixed(now, ZoneOffset.UTC), 100, Duration.ofMinutes(15));

        cache.decode("token-a");
        cache.decode("token-a");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldNeverKeepARefusedToken() {
        VerifiedTokenCache cache = new VerifiedTokenCache(
                verifier(now.plusSeconds(600)), Clock.fixed(now, ZoneOffset.UTC), 100, Duration.ofMinutes(15));

        assertThatThrownBy(() -> cache.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }
}

package org.janseva.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokenCacheTests {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Instant now = Instant.parse("2026-11-01T10:00:00Z");
    private final AtomicInteger verifications = new AtomicInteger();

    /** The kids of the key set the verifier and the cache follow. */
    private final Set<String> published = ConcurrentHashMap.newKeySet();

    /** Whether the key set can be had (false: user-service down). */
    private volatile boolean keysAvailable = true;

    private final JWKSource<SecurityContext> keys = (selector, context) -> {
        if (!keysAvailable) {
            throw new KeySourceException("JWKS unavailable");
        }
        return published.stream()
                .<JWK>map(kid ->
                        new OctetSequenceKey.Builder(new byte[32]).keyID(kid).build())
                .toList();
    };

    private JwtDecoder verifier(Instant expiresAt) {
        return token -> {
            verifications.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new BadJwtException("signature");
            }
            // "<kid>.<rest>": a token of a key the set lacks is refused, as Nimbus refuses it
            String kid = token.contains(".") ? token.substring(0, token.indexOf('.')) : null;
            if (kid != null && !published.contains(kid)) {
                throw new BadJwtException("no key " + kid);
            }
            return Jwt.withTokenValue(token)
                    .header("alg", "RS256")
                    .header("kid", kid == null ? "none" : kid)
                    .subject("c-1")
                    .issuedAt(now.minusSeconds(60))
                    .expiresAt(expiresAt)
                    .build();
        };
    }

    @Test
    void shouldVerifyAGoodTokenOnceUntilItExpires() {
        VerifiedTokenCache cache = new VerifiedTokenCache(
                verifier(now.plusSeconds(600)),
                null,
                INTERVAL,
                Clock.fixed(now, ZoneOffset.UTC),
                100,
                Duration.ofMinutes(15));

        assertThat(cache.decode("token-a").getSubject()).isEqualTo("c-1");
        assertThat(cache.decode("token-a").getSubject()).isEqualTo("c-1");
        cache.decode("token-b");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldVerifyAgainOnceTheTokenHasExpired() {
        VerifiedTokenCache cache = new VerifiedTokenCache(
                verifier(now.minusSeconds(1)),
                null,
                INTERVAL,
                Clock.fixed(now, ZoneOffset.UTC),
                100,
                Duration.ofMinutes(15));

        cache.decode("token-a");
        cache.decode("token-a");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldNeverKeepARefusedToken() {
        VerifiedTokenCache cache = new VerifiedTokenCache(
                verifier(now.plusSeconds(600)),
                null,
                INTERVAL,
                Clock.fixed(now, ZoneOffset.UTC),
                100,
                Duration.ofMinutes(15));

        assertThatThrownBy(() -> cache.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("bad-token")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldRefuseACachedTokenOnceItsKeyHasLeftTheKeySet() {
        published.addAll(Set.of("k-1", "k-2"));
        VerifiedTokenCache cache = keyedCache();
        cache.refreshKeyIds();
        cache.decode("k-1.token-a");
        cache.decode("k-2.token-b");
        assertThat(cache.size()).isEqualTo(2);
        verifications.set(0);

        published.remove("k-2");
        assertThat(cache.decode("k-2.token-b").getSubject()).isEqualTo("c-1"); // the set not renewed yet
        cache.refreshKeyIds();

        assertThatThrownBy(() -> cache.decode("k-2.token-b")).isInstanceOf(BadJwtException.class);
        assertThat(cache.decode("k-1.token-a").getSubject()).isEqualTo("c-1");
        assertThat(verifications).hasValue(1); // the refused token only: the kept key's is a hit
    }

    @Test
    void shouldKeepCachedTokensOfKnownKeysWhileTheKeySetCannotBeHad() {
        published.add("k-1");
        VerifiedTokenCache cache = keyedCache();
        cache.refreshKeyIds();
        cache.decode("k-1.token-a");

        keysAvailable = false;
        cache.refreshKeyIds();

        assertThat(cache.decode("k-1.token-a").getSubject()).isEqualTo("c-1");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void shouldVerifyATokenOfAKeyTheSnapshotLacksEachTimeUntilTheSetIsAskedAgain() {
        published.add("k-1");
        VerifiedTokenCache cache = keyedCache();
        cache.refreshKeyIds();
        published.add("k-2"); // a rotation: the delegate has the new key before the cache's snapshot

        cache.decode("k-2.token-a");
        cache.decode("k-2.token-a");
        assertThat(verifications).hasValue(2);

        cache.refreshKeyIds();
        cache.decode("k-2.token-a");
        cache.decode("k-2.token-a");
        assertThat(verifications).hasValue(3);
    }

    @Test
    void shouldNeverKeepATokenWithoutAKeyIdWhenMatchingKeys() {
        published.add("none");
        VerifiedTokenCache cache = new VerifiedTokenCache(
                token -> {
                    verifications.incrementAndGet();
                    return Jwt.withTokenValue(token)
                            .header("alg", "RS256")
                            .subject("c-1")
                            .expiresAt(now.plusSeconds(600))
                            .build();
                },
                keys,
                INTERVAL,
                Clock.fixed(now, ZoneOffset.UTC),
                100,
                Duration.ofMinutes(15));
        cache.refreshKeyIds();

        cache.decode("token-a");
        cache.decode("token-a");

        assertThat(verifications).hasValue(2);
    }

    private VerifiedTokenCache keyedCache() {
        return new VerifiedTokenCache(
                verifier(now.plusSeconds(600)),
                keys,
                INTERVAL,
                Clock.fixed(now, ZoneOffset.UTC),
                100,
                Duration.ofMinutes(15));
    }
}

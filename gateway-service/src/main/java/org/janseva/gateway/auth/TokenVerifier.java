package org.janseva.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Verifies bearer tokens: RS256 only, against user-service's JWKS (fetched lazily, cached,
 * re-fetched for an unknown key id), with expiry, issuer and audience checked. A token that
 * passed is remembered under the SHA-256 of its text until its {@code exp}, so a citizen's
 * following requests cost a hash and a map lookup instead of an RSA verification.
 */
final class TokenVerifier {

    private final ReactiveJwtDecoder decoder;

    private record Entry(GatewayCaller caller, Instant expiresAt) {}

    private final Cache<String, Entry> entries;

    TokenVerifier(String jwkSetUri, GatewayAuthProperties.Tokens tokens, GatewayAuthProperties properties) {
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        String audience = tokens.audience();
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(tokens.issuer()),
                new JwtClaimValidator<Collection<String>>(
                        JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null)));
        this.decoder = nimbus;
        this.entries = Caffeine.newBuilder()
                .maximumSize(properties.cacheSize())
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long currentTime) {
                        return Math.max(
                                0,
                                Duration.between(Instant.now(), entry.expiresAt())
                                        .toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /**
     * @param token the bearer token's text
     * @return the caller, or an error when the token is not valid
     */
    Mono<GatewayCaller> verify(String token) {
        String key = sha256(token);
        Entry cached = entries.getIfPresent(key);
        if (cached != null && cached.expiresAt().isAfter(Instant.now())) {
            return Mono.just(cached.caller());
        }
        return decoder.decode(token).map(jwt -> {
            GatewayCaller caller = new GatewayCaller(jwt.getSubject(), scopes(jwt));
            entries.put(key, new Entry(caller, jwt.getExpiresAt()));
            return caller;
        });
    }

    /** @return how many verified tokens are cached (for metrics and tests) */
    long cached() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private static Set<String> scopes(Jwt jwt) {
        Object claim = jwt.getClaim("scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (claim instanceof String text) {
            for (String s : text.split(" ")) {
                if (!s.isBlank()) {
                    scopes.add(s);
                }
            }
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> scopes.add(String.valueOf(v)));
        }
        return Set.copyOf(scopes);
    }

    private static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return new String(java.util.Base64.getEncoder().encode(digest), StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

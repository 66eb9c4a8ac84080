package org.janseva.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.SignedJWT;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Verifies bearer tokens: RS256 only, against user-service's JWKS, with expiry, issuer and
 * audience checked. A token that passed is remembered under the SHA-256 of its text until its
 * {@code exp}, so a citizen's following requests cost a hash and a map lookup instead of an RSA
 * verification.
 *
 * <p>A token that verifies is still refused when it was revoked ({@link RevokedTokens}): its login
 * ({@code sid}) was ended, or its citizen erased after its {@code iat}. That is asked on every
 * request, cached token or not, so a token is refused from the poll that learns of its revocation.
 *
 * <p>The JWKS is Nimbus's {@link JWKSourceBuilder} source: fetched on first use, kept, and
 * fetched again when a token names a key id the kept set lacks (a key rotation), but
 * rate-limited: within a {@code jwksRefetchCooldown} window at most two
 * fetches happen (Nimbus lets a second one through, so one failed fetch can be retried at once),
 * and a token with an unknown key id inside the window is refused without one. Spring Security's
 * own reactive JWKS source fetches again for every unknown key id, so any client could make the
 * gateway hammer user-service with made-up ones. Nimbus's source is blocking: it is asked on
 * the bounded-elastic scheduler, never on an event loop, and only for RS256 tokens.
 */
final class TokenVerifier {

    private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);

    private static final int JWKS_CONNECT_TIMEOUT_MS = 2_000;
    private static final int JWKS_READ_TIMEOUT_MS = 5_000;

    /** The claim naming the login a citizen's token belongs to. */
    static final String LOGIN_ID_CLAIM = "sid";

    private final ReactiveJwtDecoder decoder;
    private final RevokedTokens revoked;

    private record Entry(GatewayCaller caller, String loginId, String tokenId, Instant issuedAt, Instant expiresAt) {}

    private final Cache<String, Entry> entries;

    TokenVerifier(
            String jwkSetUri,
            GatewayAuthProperties.Tokens tokens,
            GatewayAuthProperties properties,
            RevokedTokens revoked) {
        this.revoked = revoked;
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(
                        url(jwkSetUri),
                        new DefaultResourceRetriever(
                                JWKS_CONNECT_TIMEOUT_MS,
                                JWKS_READ_TIMEOUT_MS,
                                JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT))
                .cacheForever()
                .rateLimited(properties.jwksRefetchCooldown().toMillis())
                .build();
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withJwkSource(jwt -> keys(keys, jwt, jwkSetUri))
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
     * @return the caller, or an error when the token is not valid (or revoked)
     */
    Mono<GatewayCaller> verify(String token) {
        String key = sha256(token);
        Entry cached = entries.getIfPresent(key);
        if (cached != null && cached.expiresAt().isAfter(Instant.now())) {
            return unlessRevoked(cached);
        }
        return decoder.decode(token).flatMap(jwt -> {
            Entry entry = new Entry(
                    new GatewayCaller(jwt.getSubject(), scopes(jwt)),
                    jwt.getClaimAsString(LOGIN_ID_CLAIM),
                    jwt.getId(),
                    jwt.getIssuedAt(),
                    jwt.getExpiresAt());
            entries.put(key, entry);
            return unlessRevoked(entry);
        });
    }

    private Mono<GatewayCaller> unlessRevoked(Entry entry) {
        if (revoked.isRevoked(entry.loginId(), entry.tokenId(), entry.caller().subject(), entry.issuedAt())) {
            return Mono.error(new BadJwtException("The token was revoked"));
        }
        return Mono.just(entry.caller());
    }

    /**
     * @return the keys that may have signed the token: none for another algorithm than RS256
     *     (refused without asking the JWKS), none for a key id the JWKS lacks within the cooldown
     */
    private static Flux<JWK> keys(JWKSource<SecurityContext> keys, SignedJWT jwt, String jwkSetUri) {
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return Flux.empty();
        }
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        return Mono.fromCallable(() -> keys.get(selector, null))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(RateLimitReachedException.class, ex -> Mono.just(List.of()))
                .doOnError(
                        KeySourceException.class,
                        ex -> log.warn("Could not fetch the JWKS from {}: {}", jwkSetUri, ex.getMessage()))
                .flatMapIterable(found -> found);
    }

    private static URL url(String jwkSetUri) {
        try {
            return URI.create(jwkSetUri).toURL();
        } catch (MalformedURLException | IllegalArgumentException ex) {
            throw new IllegalStateException("The JWKS URI is not a URL: " + jwkSetUri, ex);
        }
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

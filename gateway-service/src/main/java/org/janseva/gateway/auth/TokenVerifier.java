package org.janseva.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.janseva.platform.core.logging.LogReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
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
 * verification, as long as the key that signed it ({@code kid}) is still in the key set the
 * gateway holds: once user-service withdraws a key from its JWKS, its tokens are refused, cached
 * or not.
 *
 * <p>A token that verifies is still refused when it was revoked ({@link RevokedTokens}): its login
 * ({@code sid}) was ended, or its citizen erased after its {@code iat}. That is asked on every
 * request, cached token or not, so a token is refused from the poll that learns of its revocation.
 *
 * <p>The key set follows the platform's rules, as the services' ({@code PlatformJwkSource}):
 * fetched on first use, used for {@code platform.security.jwk-set-cache-ttl} (5 min) and then
 * fetched again, so a key user-service withdraws is refused at the latest that long (and a tenth
 * of it, at most 5 s) after; kept through an outage of user-service for
 * {@code platform.security.jwk-set-outage-tolerance} (1 h) after the last fetch that worked, with
 * one WARN line per failed fetch (one per cache period). A thread of its own ({@code jwks-refresh})
 * renews the set when its time is up, so that tokens only ever answered from the cache meet a
 * withdrawal too and requests seldom wait for a renewal; the cache's hit path never fetches. A token
 * naming a key id the set lacks (a key rotation, or a made-up one) makes the gateway fetch the set
 * again, but rate-limited: within a {@code jwksRefetchCooldown} window at most two fetches happen
 * (Nimbus lets a second one through, so one failed fetch can be retried at once), and a token with
 * an unknown key id inside the window is refused without one. Spring Security's own reactive JWKS
 * source fetches again for every unknown key id, so any client could make the gateway hammer
 * user-service with made-up ones. Nimbus's source is blocking: it is asked on the bounded-elastic
 * scheduler (or the refresh thread), never on an event loop, and only for RS256 tokens.
 *
 * <p>The set used to be kept for ever ({@code cacheForever()}): a key user-service withdrew
 * (retired, or compromised and removed) stayed trusted until the gateway restarted, and a cached
 * token until its {@code exp} whatever the key set said.
 */
final class TokenVerifier implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);

    private static final int JWKS_CONNECT_TIMEOUT_MS = 2_000;
    private static final int JWKS_READ_TIMEOUT_MS = 5_000;

    /** How long requests that need the keys wait for the fetch another one started: its timeouts and a second. */
    private static final long JWKS_REFRESH_TIMEOUT_MS = JWKS_CONNECT_TIMEOUT_MS + JWKS_READ_TIMEOUT_MS + 1_000L;

    /** The longest pause of the refresh thread between two looks at whether the key set is due. */
    private static final Duration MAX_REFRESH_CHECK_INTERVAL = Duration.ofSeconds(5);

    private static final Duration MIN_REFRESH_CHECK_INTERVAL = Duration.ofMillis(10);

    /** The claim naming the login a citizen's token belongs to. */
    static final String LOGIN_ID_CLAIM = "sid";

    private final ReactiveJwtDecoder decoder;
    private final RevokedTokens revoked;
    private final HeldKeys heldKeys;
    private final JWKSetSource<SecurityContext> keySet;
    private final Duration refreshCheckInterval;
    private volatile ScheduledExecutorService refresher;

    /** A verified token; {@code keyId} is the {@code kid} of the key it was verified with. */
    private record Entry(
            GatewayCaller caller, String keyId, String loginId, String tokenId, Instant issuedAt, Instant expiresAt) {}

    private final Cache<String, Entry> entries;

    TokenVerifier(
            String jwkSetUri,
            GatewayAuthProperties.Tokens tokens,
            GatewayAuthProperties properties,
            RevokedTokens revoked) {
        this.revoked = revoked;
        this.heldKeys = new HeldKeys(new URLBasedJWKSetSource<>(
                url(jwkSetUri),
                new DefaultResourceRetriever(
                        JWKS_CONNECT_TIMEOUT_MS, JWKS_READ_TIMEOUT_MS, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT)));
        Duration cacheTtl = tokens.jwkSetCacheTtl();
        if (cacheTtl.compareTo(properties.jwksRefetchCooldown()) <= 0) {
            throw new IllegalStateException("platform.security.jwk-set-cache-ttl (" + cacheTtl
                    + ") must be longer than platform.gateway.auth.jwks-refetch-cooldown ("
                    + properties.jwksRefetchCooldown() + ")");
        }
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(heldKeys)
                // requests that need the keys while another fetches them wait for that fetch
                .cache(cacheTtl.toMillis(), JWKS_REFRESH_TIMEOUT_MS)
                .refreshAheadCache(false)
                .rateLimited(properties.jwksRefetchCooldown().toMillis())
                .outageTolerant(tokens.jwkSetOutageTolerance().toMillis(), event -> {
                    if (event instanceof OutageTolerantJWKSetSource.OutageEvent<SecurityContext> outage) {
                        log.warn(
                                "Could not fetch user-service's keys ({}); checking tokens against the keys fetched before, for at most {} s more",
                                LogReasons.of(outage.getException()),
                                Math.max(0, outage.getRemainingTime() / 1_000));
                    }
                })
                .build();
        // JWKSourceBuilder builds a JWKSetBasedJWKSource (no failover is set): its set source is the
        // cached, rate-limited, outage-tolerant chain the refresh thread renews
        this.keySet = ((JWKSetBasedJWKSource<SecurityContext>) keys).getJWKSetSource();
        Duration interval = cacheTtl.dividedBy(10);
        this.refreshCheckInterval = interval.compareTo(MAX_REFRESH_CHECK_INTERVAL) > 0
                ? MAX_REFRESH_CHECK_INTERVAL
                : interval.compareTo(MIN_REFRESH_CHECK_INTERVAL) < 0 ? MIN_REFRESH_CHECK_INTERVAL : interval;
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withJwkSource(jwt -> keys(keys, heldKeys, jwt))
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
     * @return the caller, or an error when the token is not valid (or revoked, or its key withdrawn)
     */
    Mono<GatewayCaller> verify(String token) {
        String key = sha256(token);
        Entry cached = entries.getIfPresent(key);
        if (cached != null && cached.expiresAt().isAfter(Instant.now())) {
            if (!heldKeys.keyIds().contains(cached.keyId())) {
                // its key was withdrawn since: refused as a new token of that key would be
                entries.invalidate(key);
                return Mono.error(new BadJwtException("The token's signing key is no longer published"));
            }
            return unlessRevoked(cached);
        }
        return decoder.decode(token).flatMap(jwt -> {
            Entry entry = new Entry(
                    new GatewayCaller(jwt.getSubject(), scopes(jwt)),
                    Objects.toString(jwt.getHeaders().get("kid"), null),
                    jwt.getClaimAsString(LOGIN_ID_CLAIM),
                    jwt.getId(),
                    jwt.getIssuedAt(),
                    jwt.getExpiresAt());
            // a token without a kid cannot be matched to a key of the set later: checked every time
            // (user-service names the key in every token it signs)
            if (entry.keyId() != null) {
                entries.put(key, entry);
            }
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
     * Renews the key set once its time is up; does nothing before a request has had it fetched
     * (the keys are fetched on first use) and never throws. A failed fetch is logged by the
     * outage-tolerant source (WARN) or, with no set to fall back on, by the next request that
     * needs the keys.
     */
    void refreshIfDue() {
        if (!heldKeys.fetched()) {
            return;
        }
        try {
            keySet.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(), null);
        } catch (KeySourceException | RuntimeException ex) {
            log.debug("Could not renew user-service's keys: {}", ex.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jwks-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long interval = refreshCheckInterval.toMillis();
        started.scheduleWithFixedDelay(this::refreshIfDue, interval, interval, TimeUnit.MILLISECONDS);
        refresher = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = refresher;
        if (running != null) {
            running.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    /**
     * @return the keys that may have signed the token: none for another algorithm than RS256
     *     (refused without asking the JWKS), none for a key id the JWKS lacks within the cooldown
     */
    private static Flux<JWK> keys(JWKSource<SecurityContext> keys, HeldKeys held, SignedJWT jwt) {
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return Flux.empty();
        }
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        return Mono.fromCallable(() -> keys.get(selector, null))
                .subscribeOn(Schedulers.boundedElastic())
                // with a set held, a refused re-fetch means the token names a key it lacks (a 401);
                // with none ever fetched, there is nothing to check any token against
                .onErrorResume(
                        RateLimitReachedException.class,
                        ex -> held.fetched()
                                ? Mono.just(List.of())
                                : Mono.error(new KeysUnavailableException("No key set of user-service's held yet")))
                .onErrorMap(KeySourceException.class, ex -> {
                    String reason = LogReasons.of(ex);
                    log.warn("Could not fetch user-service's keys: {}", reason);
                    return new KeysUnavailableException(reason);
                })
                .flatMapIterable(found -> found);
    }

    /**
     * @param error what {@link #verify} ended with
     * @return whether the token could not be checked at all, rather than failed the check
     */
    static boolean keysUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KeysUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private static URL url(String jwkSetUri) {
        try {
            return URI.create(jwkSetUri).toURL();
        } catch (MalformedURLException | IllegalArgumentException ex) {
            throw new IllegalStateException("The JWKS URI is not a URL: " + jwkSetUri, ex);
        }
    }

    /**
     * The fetches of user-service's JWKS, innermost in Nimbus's chain: remembers the key ids of the
     * set fetched last, which is the set the chain holds (the outage-tolerant source keeps that one
     * through an outage), for the verified-token cache to compare its tokens' keys with.
     */
    private static final class HeldKeys implements JWKSetSource<SecurityContext> {

        private final JWKSetSource<SecurityContext> fetches;

        private volatile Set<String> keyIds = Set.of();

        private volatile boolean fetched;

        HeldKeys(JWKSetSource<SecurityContext> fetches) {
            this.fetches = fetches;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
                throws KeySourceException {
            JWKSet set = fetches.getJWKSet(refreshEvaluator, currentTime, context);
            Set<String> ids = new LinkedHashSet<>();
            for (JWK jwk : set.getKeys()) {
                if (jwk.getKeyID() != null) {
                    ids.add(jwk.getKeyID());
                }
            }
            keyIds = Set.copyOf(ids);
            fetched = true;
            return set;
        }

        /** @return the key ids of the set fetched last (none before the first fetch) */
        Set<String> keyIds() {
            return keyIds;
        }

        boolean fetched() {
            return fetched;
        }

        @Override
        public void close() throws java.io.IOException {
            fetches.close();
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

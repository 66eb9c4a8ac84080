package org.janseva.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.ResolvableType;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Keeps the tokens catalog-service has verified, so that a citizen's next calls skip the RSA
 * signature check and the JWK conversion (measured at half of catalog-service's CPU per
 * invocation, bench/invocation-cpu). The same decision the architecture takes for the gateway: a
 * small cache of verified tokens keyed by the token's SHA-256, each entry expiring at the token's
 * {@code exp} at the latest. Only tokens that passed every check (signature, issuer, audience,
 * expiry) are kept; a refused token is checked again each time. Access tokens are self-contained
 * and cannot be revoked before they expire, so keeping a verified one changes no answer, as long
 * as the key that signed it is still trusted.
 *
 * <p>So each entry remembers its token's {@code kid}, and a hit is answered only while that key is
 * in the key set the decoder checks tokens against (the service's {@link JWKSource}: user-service's
 * JWKS through {@link PlatformJwkSource}, or user-service's own keys): a key user-service withdrew
 * (retired, or compromised and deleted) is refused for cached tokens as soon as the decoder's set
 * no longer holds it, not up to 15 minutes later. The hit path compares the kid with a snapshot
 * of the set's kids (a volatile read and a {@code Set.contains}); it never fetches. The snapshot
 * is taken off the request path by a {@code verified-tokens-keys} thread, which asks the key
 * source for its keys every {@code refreshInterval}, so that the set is also renewed when its
 * time is up while every request is answered from this cache (nothing else would have it
 * fetched); it starts doing so once a token has been verified. A failed renewal keeps the
 * snapshot: during an outage of user-service the key source keeps its set (outage tolerance), and
 * cached tokens of its keys pass as before. A token whose key the snapshot does not hold yet (a
 * rotation, the first tokens after start) is verified each time until the snapshot is taken
 * again, which its verification asks for at once; a token without a kid is never kept.
 */
final class VerifiedTokenCache implements JwtDecoder, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VerifiedTokenCache.class);

    /** Every key of the set. */
    private static final JWKSelector ALL_KEYS = new JWKSelector(new JWKMatcher.Builder().build());

    /** A verified token and the kid of the key that signed it. */
    private record Entry(Jwt jwt, String keyId) {}

    private final JwtDecoder delegate;
    private final JWKSource<SecurityContext> keys;
    private final Duration refreshInterval;
    private final Clock clock;
    private final Cache<String, Entry> verified;

    /** The kids of the key source's set when it was last asked; entries of other keys are not used. */
    private volatile Set<String> keyIds = Set.of();

    /** Whether a token has been verified: before that the key source is never asked by the thread. */
    private volatile boolean verifiedOne;

    private final AtomicBoolean refreshQueued = new AtomicBoolean();

    private volatile ScheduledExecutorService refresher;

    /**
     * @param delegate the decoder that verifies tokens
     * @param keys the key set the delegate verifies against; {@code null}: not known, cached tokens
     *     are used until they expire whatever the keys
     * @param refreshInterval how often the key set is asked for its keys
     * @param clock the time of the expiry checks
     * @param maxEntries how many tokens are kept at most
     * @param maxAge how long a token is kept at most
     */
    VerifiedTokenCache(
            JwtDecoder delegate,
            JWKSource<SecurityContext> keys,
            Duration refreshInterval,
            Clock clock,
            long maxEntries,
            Duration maxAge) {
        this.delegate = delegate;
        this.keys = keys;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long currentTime) {
                        Instant expiresAt = entry.jwt().getExpiresAt();
                        Duration left =
                                expiresAt == null ? Duration.ZERO : Duration.between(clock.instant(), expiresAt);
                        return Math.max(0, Math.min(left.toNanos(), maxAge.toNanos()));
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

    @Override
    public Jwt decode(String token) throws JwtException {
        String key = sha256(token);
        Entry cached = verified.getIfPresent(key);
        if (cached != null
                && cached.jwt().getExpiresAt() != null
                && clock.instant().isBefore(cached.jwt().getExpiresAt())) {
            if (keys == null || keyIds.contains(cached.keyId())) {
                return cached.jwt();
            }
            // its key has left the set since: checked again, and refused as a new token of that key is
            verified.invalidate(key);
        }
        Jwt jwt = delegate.decode(token);
        if (keys == null) {
            verified.put(key, new Entry(jwt, null));
            return jwt;
        }
        verifiedOne = true;
        if (jwt.getHeaders().get(JoseHeaderNames.KID) instanceof String keyId) {
            if (keyIds.contains(keyId)) {
                verified.put(key, new Entry(jwt, keyId));
            } else {
                // the delegate has just had the set with this key: the snapshot is taken again at once
                refreshSoon();
            }
        }
        return jwt;
    }

    /**
     * Asks the key source for its keys (renewing its set if its time is up) and keeps their kids;
     * keeps the kids it had when the source fails. Never throws; never on a request's thread.
     */
    void refreshKeyIds() {
        if (keys == null) {
            return;
        }
        try {
            List<JWK> found = keys.get(ALL_KEYS, null);
            Set<String> ids = new HashSet<>();
            for (JWK jwk : found) {
                if (jwk.getKeyID() != null) {
                    ids.add(jwk.getKeyID());
                }
            }
            if (!ids.equals(keyIds)) {
                keyIds = Set.copyOf(ids);
            }
        } catch (KeySourceException | RuntimeException ex) {
            // the key source logs its failed fetches (WARN), and a request needing the keys is a 503
            log.debug("Could not renew the keys the verified tokens are matched against: {}", ex.toString());
        }
    }

    private void refreshSoon() {
        ScheduledExecutorService running = refresher;
        if (running != null && refreshQueued.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    refreshQueued.set(false);
                    refreshKeyIds();
                });
            } catch (RejectedExecutionException ex) {
                refreshQueued.set(false); // stopping
            }
        }
    }

    private void refreshIfVerifiedOne() {
        if (verifiedOne) {
            refreshKeyIds();
        }
    }

    @Override
    public void start() {
        if (keys == null || refresher != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "verified-tokens-keys");
            thread.setDaemon(true);
            return thread;
        });
        long interval = refreshInterval.toMillis();
        started.scheduleWithFixedDelay(this::refreshIfVerifiedOne, interval, interval, TimeUnit.MILLISECONDS);
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

    /** @return how many verified tokens are kept (tests) */
    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Wraps the service's {@link JwtDecoder} bean, whoever made it. Its key set is the context's
     * {@link JWKSource} bean named {@value #PLATFORM_KEYS} (the platform's decoder's, {@link
     * PlatformJwkSource}), or else its only {@code JWKSource} bean (user-service's own keys); with
     * neither, cached tokens are used until they expire whatever the keys, as an INFO line says.
     */
    static final class Installer implements BeanPostProcessor, BeanFactoryAware {

        static final String PLATFORM_KEYS = "platformJwkSource";

        private static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(100);

        private static final Duration MAX_REFRESH_INTERVAL = Duration.ofSeconds(5);

        private ListableBeanFactory beanFactory;

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beanFactory = beanFactory instanceof ListableBeanFactory listable ? listable : null;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokenCache)) {
                JWKSource<SecurityContext> keys = keySource();
                if (keys == null) {
                    log.info(
                            "No JWKSource bean to match the verified tokens' keys with: the tokens {} verified are kept until they expire, whatever the keys",
                            beanName);
                }
                return new VerifiedTokenCache(
                        decoder, keys, refreshInterval(), Clock.systemUTC(), 100_000, Duration.ofMinutes(15));
            }
            return bean;
        }

        @SuppressWarnings("unchecked")
        private JWKSource<SecurityContext> keySource() {
            if (beanFactory == null) {
                return null;
            }
            if (beanFactory.containsBean(PLATFORM_KEYS)) {
                return beanFactory.getBean(PLATFORM_KEYS, JWKSource.class);
            }
            return (JWKSource<SecurityContext>) beanFactory
                    .getBeanProvider(ResolvableType.forClassWithGenerics(JWKSource.class, SecurityContext.class))
                    .getIfUnique();
        }

        /** A tenth of the key set's time to live, between 100 ms and 5 s (as the gateway's). */
        private Duration refreshInterval() {
            PlatformSecurityProperties properties = beanFactory == null
                    ? null
                    : beanFactory
                            .getBeanProvider(PlatformSecurityProperties.class)
                            .getIfAvailable();
            if (properties == null) {
                return MAX_REFRESH_INTERVAL;
            }
            Duration interval = properties.jwkSetCacheTtl().dividedBy(10);
            return interval.compareTo(MAX_REFRESH_INTERVAL) > 0
                    ? MAX_REFRESH_INTERVAL
                    : interval.compareTo(MIN_REFRESH_INTERVAL) < 0 ? MIN_REFRESH_INTERVAL : interval;
        }
    }
}

package org.janseva.platform.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetParseException;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.janseva.platform.core.logging.LogReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * User-service's keys (its JWKS) as a servlet service checks tokens against them: fetched on first
 * use with the platform's timeouts, kept for {@code platform.security.jwk-set-cache-ttl} (5 min),
 * fetched again at once for a token that names a key the set lacks (a rotation), and kept through
 * an outage of user-service.
 *
 * <p>Spring Security's own key source ({@code NimbusJwtDecoder.withJwkSetUri}) drops the key set
 * when its 5 minutes are up and the fetch that should renew it fails: every token the service had
 * not verified before then got 503 {@code AUTHENTICATION_UNAVAILABLE}, although the keys had not
 * changed and the gateway had just accepted the token. Here Nimbus's outage-tolerant source keeps
 * the last key set that was fetched for {@code platform.security.jwk-set-outage-tolerance} (1 h:
 * more than the cache's 5 minutes plus an access token's 15 minutes, so every token user-service
 * issued before it went down can still be checked) and the service logs one WARN line per failed
 * renewal that did so. A token whose key is not in the kept set still needs a fetch, and while none can be
 * had it is a 503, as before: neither accepted unchecked nor refused as bad (Nimbus alone would
 * answer such a re-fetch with the kept set, and the token would be a 401).
 *
 * <p>The verified-token cache asks this source for its keys every few seconds ({@link
 * VerifiedTokenCache}), off the request path: that renews the set when its time is up even while
 * every request is answered from that cache, and it stops trusting a cached token whose key the
 * renewed set lacks.
 *
 * <p>Not rate-limited, like Spring Security's: the services sit behind the gateway, which checks
 * every token first and limits its own re-fetches for unknown keys, so a token naming a made-up
 * key does not reach them from outside.
 */
final class PlatformJwkSource implements JWKSetSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(PlatformJwkSource.class);

    private static final MediaType JWK_SET_JSON = new MediaType("application", "jwk-set+json");

    private final RestOperations keyRequests;

    private final URI jwkSetUri;

    /** A fetch that failed, when (System.nanoTime()), and whether the WARN line of it is written. */
    private record Failure(long at, JWKSetUnavailableException exception, AtomicBoolean reported) {}

    /** When the last fetch that worked was made (System.nanoTime()). */
    private volatile long lastFetched;

    /** The last fetch's failure; {@code null} once a fetch has worked. */
    private volatile Failure lastFailure;

    private PlatformJwkSource(RestOperations keyRequests, URI jwkSetUri) {
        this.keyRequests = keyRequests;
        this.jwkSetUri = jwkSetUri;
    }

    /**
     * @param jwkSetUri where user-service publishes its keys
     * @param properties the timeouts, the cache's time to live and the outage tolerance
     * @return the key source of the service's token check
     */
    static JWKSource<SecurityContext> create(URI jwkSetUri, PlatformSecurityProperties properties) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.jwkSetConnectTimeout());
        requests.setReadTimeout(properties.jwkSetReadTimeout());
        Duration fetchTime = properties.jwkSetConnectTimeout().plus(properties.jwkSetReadTimeout());
        PlatformJwkSource fetches = new PlatformJwkSource(new RestTemplate(requests), jwkSetUri);
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(fetches)
                // requests that need the keys while another fetches them wait for that fetch
                .cache(
                        properties.jwkSetCacheTtl().toMillis(),
                        fetchTime.plusSeconds(1).toMillis())
                .refreshAheadCache(false)
                .rateLimited(false)
                .outageTolerant(properties.jwkSetOutageTolerance().toMillis())
                .build();
        long tolerance = properties.jwkSetOutageTolerance().toNanos();
        return (selector, context) -> {
            long asked = System.nanoTime();
            List<JWK> found = keys.get(selector, context);
            // Nimbus's outage-tolerant source answers a re-fetch for a key the kept set lacks with
            // the kept set when the fetch fails: that would refuse a token whose key simply could
            // not be fetched as if it were forged (401); it is a 503 like any failed fetch
            Failure failure = fetches.lastFailure;
            if (failure == null || failure.at() - asked < 0) {
                return found;
            }
            if (found.isEmpty()) {
                throw failure.exception();
            }
            if (failure.reported().compareAndSet(false, true)) {
                log.warn(
                        "Could not fetch user-service's keys ({}); checking tokens against the keys fetched before, for at most {} s more",
                        LogReasons.of(failure.exception()),
                        Math.max(
                                0,
                                Duration.ofNanos(fetches.lastFetched + tolerance - System.nanoTime())
                                        .toSeconds()));
            }
            return found;
        };
    }

    /**
     * The messages name what failed, as Spring Security's own source did ({@code I/O error on GET
     * request for "<jwks>": Read timed out}, {@code Malformed Jwk set}); the answer of the key
     * endpoint is never quoted whole.
     */
    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws JWKSetUnavailableException {
        try {
            JWKSet keys = fetch();
            lastFetched = System.nanoTime();
            lastFailure = null;
            return keys;
        } catch (JWKSetUnavailableException ex) {
            lastFailure = new Failure(System.nanoTime(), ex, new AtomicBoolean());
            throw ex;
        }
    }

    private JWKSet fetch() throws JWKSetUnavailableException {
        String body;
        try {
            HttpHeaders headers = new HttpHeaders();
            headers.setAccept(List.of(MediaType.APPLICATION_JSON, JWK_SET_JSON));
            body = keyRequests
                    .exchange(new RequestEntity<Void>(headers, HttpMethod.GET, jwkSetUri), String.class)
                    .getBody();
        } catch (RestClientException ex) {
            // an error answer of the key endpoint is quoted in the message, and it may be a whole page
            throw new JWKSetRetrievalException(LogReasons.of(ex.getMessage()), ex);
        }
        if (body == null) {
            throw new JWKSetParseException("Malformed Jwk set: empty answer", null);
        }
        try {
            return JWKSet.parse(body);
        } catch (ParseException ex) {
            throw new JWKSetParseException("Malformed Jwk set", ex);
        }
    }

    @Override
    public void close() {
        // nothing held: each fetch opens and closes its own connection
    }
}

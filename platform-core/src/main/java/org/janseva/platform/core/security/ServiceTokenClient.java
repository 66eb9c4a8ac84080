package org.janseva.platform.core.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Obtains this service's own access token from user-service's authorization server
 * ({@code client_credentials}, client authentication {@code client_secret_basic}) and keeps it
 * until shortly before it expires, so that service-to-service calls cost one token request per
 * token lifetime, not one per call. Thread-safe; concurrent callers share one refresh. In
 * platform-core, so that the servlet services (through platform-security's auto-configuration)
 * and the gateway (for user-service's revocations) use the same client.
 *
 * <p>Use {@link #interceptor()} on a {@code RestClient} (or {@link #token()} directly):
 *
 * <pre>
 * RestClient userService = builder.baseUrl(userServiceUrl)
 *         .requestInterceptor(serviceTokenClient.interceptor())
 *         .build();
 * </pre>
 */
public final class ServiceTokenClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI tokenUri;
    private final String clientId;
    private final boolean hasSecret;
    private final String basicAuth;
    private final String scope;
    private final Duration refreshBefore;
    private final Clock clock;
    private final HttpClient http;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile CachedToken cached;

    private record CachedToken(String value, Instant refreshAt) {}

    /**
     * @param tokenUri the authorization server's token endpoint
     * @param clientId this service's client id
     * @param clientSecret its secret
     * @param scope the scope to ask for
     * @param refreshBefore how long before expiry a token is replaced
     * @param clock the clock deciding expiry
     */
    public ServiceTokenClient(
            URI tokenUri, String clientId, String clientSecret, String scope, Duration refreshBefore, Clock clock) {
        this.tokenUri = tokenUri;
        this.clientId = clientId;
        this.hasSecret = clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();
        this.basicAuth = hasSecret
                ? "Basic "
                        + Base64.getEncoder()
                                .encodeToString((urlEncode(clientId) + ":" + urlEncode(clientSecret))
                                        .getBytes(StandardCharsets.UTF_8))
                : null;
        this.scope = scope;
        this.refreshBefore = refreshBefore;
        this.clock = clock;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * @return a valid access token, from the cache or freshly obtained
     * @throws ServiceTokenException when the authorization server cannot be reached or refuses
     */
    public String token() {
        CachedToken current = cached;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.value();
        }
        lock.lock();
        try {
            current = cached;
            if (current != null && clock.instant().isBefore(current.refreshAt())) {
                return current.value();
            }
            cached = fetch();
            return cached.value();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops the cached token if it is the one given, e.g. after another service refused it with
     * a 401 (its key was rotated, it was revoked); the next call obtains a new one.
     *
     * @param token the refused token
     */
    public void invalidate(String token) {
        lock.lock();
        try {
            if (cached != null && cached.value().equals(token)) {
                cached = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return an interceptor that adds {@code Authorization: Bearer <service token>} to every
     *     request and forgets the token when the callee answers 401
     */
    public ClientHttpRequestInterceptor interceptor() {
        return (request, body, execution) -> {
            String token = token();
            request.getHeaders().setBearerAuth(token);
            var response = execution.execute(request, body);
            if (response.getStatusCode().value() == HttpStatus.UNAUTHORIZED.value()) {
                invalidate(token);
            }
            return response;
        };
    }

    private CachedToken fetch() {
        if (!hasSecret) {
            throw new ServiceTokenException(
                    "No client secret is configured for " + clientId + " (platform.security.client.secret)", null);
        }
        String form = "grant_type=client_credentials&scope=" + urlEncode(scope);
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(Duration.ofSeconds(5))
                .header(HttpHeaders.AUTHORIZATION, basicAuth)
                .header(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(HttpHeaders.ACCEPT, "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            throw new ServiceTokenException("The authorization server at " + tokenUri + " cannot be reached", ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ServiceTokenException("Interrupted while obtaining a service token", ex);
        }
        if (response.statusCode() != 200) {
            throw new ServiceTokenException(
                    "The authorization server refused the service token request with status " + response.statusCode(),
                    null);
        }
        JsonNode body = JSON.readTree(response.body());
        String token = body.path("access_token").asString(null);
        if (token == null || token.isBlank()) {
            throw new ServiceTokenException("The token response holds no access_token", null);
        }
        Duration lifetime = Duration.ofSeconds(body.path("expires_in").asLong(300));
        // a lifetime too short to keep the token refreshBefore its end: kept half of it
        Duration keep = lifetime.compareTo(refreshBefore.multipliedBy(2)) > 0
                ? lifetime.minus(refreshBefore)
                : lifetime.dividedBy(2);
        return new CachedToken(token, clock.instant().plus(keep));
    }

    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A service token could not be obtained. */
    public static final class ServiceTokenException extends RuntimeException {
        ServiceTokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

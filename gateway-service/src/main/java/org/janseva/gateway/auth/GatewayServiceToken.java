package org.janseva.gateway.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own access token (client {@code gateway-service}, {@code client_credentials},
 * scope {@code service}) for user-service's internal list of revocations, kept until a minute
 * before it expires. The servlet services have {@code ServiceTokenClient} for this; the gateway
 * does not carry the servlet security module, and only the poller's thread asks for the token.
 */
final class GatewayServiceToken {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final URI tokenUri;
    private final String clientId;
    private final String basicAuth;
    private final boolean hasSecret;
    private final HttpClient http;
    private final Clock clock;
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;

    GatewayServiceToken(URI tokenUri, String clientId, String secret, HttpClient http, Clock clock) {
        this.tokenUri = tokenUri;
        this.clientId = clientId;
        this.hasSecret = clientId != null && !clientId.isBlank() && secret != null && !secret.isBlank();
        this.basicAuth = hasSecret
                ? "Basic "
                        + Base64.getEncoder()
                                .encodeToString((urlEncode(clientId) + ":" + urlEncode(secret))
                                        .getBytes(StandardCharsets.UTF_8))
                : null;
        this.http = http;
        this.clock = clock;
    }

    /**
     * @return a valid token, the kept one or a new one
     * @throws IOException when the authorization server cannot be reached or refuses
     */
    String get() throws IOException, InterruptedException {
        String current = token;
        if (current != null && clock.instant().isBefore(renewAt)) {
            return current;
        }
        if (!hasSecret) {
            throw new IOException("the gateway has no client secret (platform.security.client.id and .secret, "
                    + "GATEWAY_SERVICE_CLIENT_SECRET)");
        }
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(REQUEST_TIMEOUT)
                .header(HttpHeaders.AUTHORIZATION, basicAuth)
                .header(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(HttpHeaders.ACCEPT, "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=service"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "the authorization server refused client " + clientId + " with status " + response.statusCode());
        }
        JsonNode body = JSON.readTree(response.body());
        String value = body.path("access_token").asString(null);
        if (value == null || value.isBlank()) {
            throw new IOException("the token response holds no access_token");
        }
        Duration lifetime = Duration.ofSeconds(body.path("expires_in").asLong(300));
        Duration keep = lifetime.compareTo(RENEW_BEFORE_EXPIRY.multipliedBy(2)) > 0
                ? lifetime.minus(RENEW_BEFORE_EXPIRY)
                : lifetime.dividedBy(2);
        token = value;
        renewAt = clock.instant().plus(keep);
        return value;
    }

    /** Forgets the token if it is this one (user-service refused it: rotated key, revoked client). */
    void invalidate(String refused) {
        if (refused.equals(token)) {
            token = null;
        }
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

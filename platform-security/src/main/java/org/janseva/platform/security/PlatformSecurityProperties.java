package org.janseva.platform.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a servlet service checks the bearer tokens it receives and which of its paths need which
 * scope ({@code platform.security.*}). A service declares its rules in its {@code application.yml}:
 *
 * <pre>
 * platform:
 *   security:
 *     public-paths:
 *       - GET /api/v1/catalog/**
 *       - /api/v1/payments/webhooks/pg
 *     scoped-paths:
 *       - pattern: /api/v1/admin/**
 *         scopes: [admin]
 * </pre>
 *
 * Everything not declared needs a valid token (any scope). {@code /internal/**} needs scope
 * {@code service} unless a rule says otherwise; health, info, Prometheus, the OpenAPI document
 * and the error page are always public.
 *
 * @param issuer the {@code iss} every token must carry (the platform's public issuer URL)
 * @param jwkSetUri where user-service publishes its keys; {@code null} means
 *     {@code ${platform.services.user}/oauth2/jwks}
 * @param jwkSetConnectTimeout how long fetching the keys waits for the connection (2 s; Spring
 *     Security's own default, 500 ms, failed requests on a merely busy machine)
 * @param jwkSetReadTimeout how long fetching the keys waits for the answer (3 s): the request that
 *     needs the keys waits as long, and others needing them wait behind it; a fetch that fails
 *     answers 503 {@code AUTHENTICATION_UNAVAILABLE} ({@link ProblemSecurityHandlers})
 * @param jwkSetCacheTtl how long a fetched key set is used before it is fetched again (5 min; a
 *     token naming a key the set lacks fetches it at once)
 * @param jwkSetOutageTolerance how long after its fetch a key set is still used while user-service
 *     cannot be reached (1 h: more than the cache's time to live plus an access token's lifetime,
 *     15 min, so that every token issued before an outage can be checked through it;
 *     {@link PlatformJwkSource})
 * @param audience the value the token's {@code aud} must contain
 * @param clockSkew the tolerance on {@code exp} and {@code nbf}
 * @param publicPaths paths open without a token: {@code "/pattern"} for every method or
 *     {@code "GET /pattern"} for one (a {@code GET} rule opens {@code HEAD} too)
 * @param scopedPaths paths that need one of the given scopes
 * @param client this service's own OAuth2 client, for service tokens (optional)
 */
@Validated
@ConfigurationProperties("platform.security")
public record PlatformSecurityProperties(
        @DefaultValue("http://localhost:8080") @NotBlank String issuer,
        URI jwkSetUri,
        @DefaultValue("2s") @DurationMin(millis = 1) Duration jwkSetConnectTimeout,
        @DefaultValue("3s") @DurationMin(millis = 1) Duration jwkSetReadTimeout,
        @DefaultValue("5m") @DurationMin(millis = 1) Duration jwkSetCacheTtl,
        @DefaultValue("1h") @DurationMin(millis = 1) Duration jwkSetOutageTolerance,
        @DefaultValue(PlatformScopes.AUDIENCE) @NotBlank String audience,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue({}) List<@NotBlank String> publicPaths,
        @DefaultValue({}) List<@Valid ScopedPath> scopedPaths,
        @Valid Client client) {

    /**
     * A path pattern that needs a scope.
     *
     * @param pattern a Spring path pattern, e.g. {@code /api/v1/admin/**}
     * @param methods the HTTP methods it applies to ({@code GET} includes {@code HEAD}); empty means all
     * @param scopes the scopes of which the token must carry at least one
     */
    public record ScopedPath(
            @NotBlank String pattern,
            @DefaultValue({}) Set<String> methods,
            @NotEmpty Set<String> scopes) {}

    /**
     * This service's registration at user-service's authorization server, used to obtain service
     * tokens ({@code client_credentials}) for calls to other services.
     *
     * @param id the client id, e.g. {@code catalog-service}; without it no token client is made
     * @param secret the client secret (from the environment outside local runs)
     * @param tokenUri the token endpoint; {@code null} means
     *     {@code ${platform.services.user}/oauth2/token}
     * @param scope the scope asked for
     * @param refreshBefore how long before its expiry a cached token is replaced
     */
    public record Client(
            String id,
            String secret,
            URI tokenUri,
            @DefaultValue(PlatformScopes.SERVICE) String scope,
            @DefaultValue("60s") Duration refreshBefore) {}
}

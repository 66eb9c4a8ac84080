package org.janseva.gateway.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's token check ({@code platform.gateway.auth.*}); the issuer, audience and JWKS are
 * the platform's ({@code platform.security.issuer}, {@code .audience}, {@code .jwk-set-uri}).
 *
 * @param enabled whether tokens are checked at all (switch off only to measure the check's cost)
 * @param publicPaths what needs no token, exactly as API.md says: {@code "/pattern"} for every
 *     method or {@code "GET /pattern"} for one (a {@code GET} rule holds for {@code HEAD} too)
 * @param adminPaths what needs scope {@code admin}
 * @param cacheSize how many verified tokens are kept (each until its {@code exp})
 * @param clockSkew the tolerance on {@code exp} and {@code nbf}
 * @param jwksRefetchCooldown the window in which user-service's JWKS is fetched at most twice:
 *     a token naming a key id the cached JWKS lacks (a key rotation, or a made-up one) makes the
 *     gateway fetch it again only when the window allows, and is refused otherwise; a new key is
 *     accepted at the latest one window after it appears. The renewals after
 *     {@code platform.security.jwk-set-cache-ttl} count too; it must be shorter than that
 * @param revocationsPollInterval how often user-service is asked for the logins and citizens
 *     whose unexpired access tokens are revoked ({@link RevocationPoller}): a revoked token is
 *     refused at the latest about this long after its revocation
 */
@Validated
@ConfigurationProperties("platform.gateway.auth")
public record GatewayAuthProperties(
        @DefaultValue("true") boolean enabled,

        @DefaultValue({
            "/api/v1/auth/**",
            "GET /api/v1/catalog/**",
            // every payment gateway's webhook (payment-service: /webhooks/{name}), signed, not a JWT
            "POST /api/v1/payments/webhooks/*",
            "/oauth2/**",
            "/.well-known/**",
            "/actuator/health",
            "/actuator/health/**",
            "/actuator/info",
            "/actuator/prometheus",
            "/v3/api-docs",
            "/v3/api-docs.yaml",
            "/v3/api-docs/**",
            "/swagger-ui.html",
            "/swagger-ui/**",
            "/webjars/**"
        })
        List<String> publicPaths,

        @DefaultValue("/api/v1/admin/**") List<String> adminPaths,
        @DefaultValue("100000") long cacheSize,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("30s") Duration jwksRefetchCooldown,
        @DefaultValue("5s") Duration revocationsPollInterval) {

    /**
     * The platform's token settings, shared with every service.
     *
     * @param issuer the {@code iss} of every token
     * @param audience the {@code aud} every token holds
     * @param jwkSetUri user-service's JWKS; {@code null} means {@code ${platform.services.user}/oauth2/jwks}
     * @param jwkSetCacheTtl how long a fetched key set is used before it is fetched again (5 min, as
     *     at the services): a key user-service withdraws is refused at the latest about this long
     *     after, cached tokens signed with it included; longer than {@code jwksRefetchCooldown}
     * @param jwkSetOutageTolerance how long after its fetch a key set is still used while
     *     user-service cannot be reached (1 h, as at the services: more than the cache's time plus
     *     an access token's 15 minutes)
     * @param revocationsUri user-service's list of revoked tokens; {@code null} means
     *     {@code ${platform.services.user}/internal/v1/revocations}
     * @param client the gateway's own client at user-service's authorization server, for the
     *     token that list needs (scope {@code revocations} alone)
     */
    @Validated
    @ConfigurationProperties("platform.security")
    public record Tokens(
            @DefaultValue("http://localhost:8080") String issuer,
            @DefaultValue("janseva") String audience,
            URI jwkSetUri,
            @DefaultValue("5m") @DurationMin(millis = 1) Duration jwkSetCacheTtl,
            @DefaultValue("1h") @DurationMin(millis = 1) Duration jwkSetOutageTolerance,
            URI revocationsUri,
            @DefaultValue Client client) {}

    /**
     * The gateway's registration at the authorization server ({@code client_credentials}). It
     * faces the internet, so it asks for scope {@code revocations} alone, the one user-service
     * registers it with: its token reads the list of revoked tokens and reaches no other
     * {@code /internal} endpoint, acts for no citizen and calls no service-only operation.
     *
     * @param id the client id ({@code gateway-service})
     * @param secret its secret (from the environment outside local runs)
     * @param tokenUri the token endpoint; {@code null} means {@code ${platform.services.user}/oauth2/token}
     * @param scope the scope it asks for
     */
    public record Client(
            String id,
            String secret,
            URI tokenUri,
            @DefaultValue("revocations") String scope) {}
}

package org.janseva.gateway.auth;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.janseva.platform.core.security.ServiceTokenClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the token check: who calls ({@link CallerWebFilter}, with the tokens user-service revoked
 * kept by {@link RevocationPoller}), then whether they may ({@link AuthenticationWebFilter}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GatewayAuthProperties.class, GatewayAuthProperties.Tokens.class})
class GatewayAuthConfiguration {

    @Bean
    RevokedTokens revokedTokens(GatewayAuthProperties properties) {
        return new RevokedTokens(properties.clockSkew());
    }

    @Bean
    TokenVerifier tokenVerifier(
            GatewayAuthProperties properties,
            GatewayAuthProperties.Tokens tokens,
            RevokedTokens revokedTokens,
            Environment environment) {
        String jwkSetUri =
                tokens.jwkSetUri() != null ? tokens.jwkSetUri().toString() : userService(environment) + "/oauth2/jwks";
        return new TokenVerifier(jwkSetUri, tokens, properties, revokedTokens);
    }

    /** Not when tokens are not checked at all (benchmarks): nobody would ask. */
    @Bean
    @ConditionalOnProperty(name = "platform.gateway.auth.enabled", havingValue = "true", matchIfMissing = true)
    RevocationPoller revocationPoller(
            GatewayAuthProperties properties,
            GatewayAuthProperties.Tokens tokens,
            RevokedTokens revokedTokens,
            Environment environment,
            MeterRegistry meters) {
        URI revocationsUri = tokens.revocationsUri() != null
                ? tokens.revocationsUri()
                : URI.create(userService(environment) + "/internal/v1/revocations");
        GatewayAuthProperties.Client client = tokens.client();
        URI tokenUri =
                client.tokenUri() != null ? client.tokenUri() : URI.create(userService(environment) + "/oauth2/token");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Clock clock = Clock.systemUTC();
        return new RevocationPoller(
                revocationsUri,
                new ServiceTokenClient(
                        tokenUri, client.id(), client.secret(), client.scope(), Duration.ofMinutes(1), clock),
                revokedTokens,
                properties.revocationsPollInterval(),
                http,
                clock,
                meters);
    }

    private static String userService(Environment environment) {
        String url = environment.getProperty("platform.services.user", "http://localhost:8082");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Bean
    CallerWebFilter callerWebFilter(TokenVerifier verifier, GatewayAuthProperties properties) {
        return new CallerWebFilter(verifier, properties);
    }

    @Bean
    AuthenticationWebFilter authenticationWebFilter(
            GatewayAuthProperties properties, org.springframework.cloud.gateway.config.GatewayProperties routes) {
        return new AuthenticationWebFilter(properties, routedPaths(routes));
    }

    /**
     * @return the path patterns of the configured routes ({@code Path=} predicates): a request
     *     for any other path reaches no backend, so it gets its 404 without a token
     */
    static List<String> routedPaths(org.springframework.cloud.gateway.config.GatewayProperties routes) {
        List<String> patterns = new ArrayList<>();
        for (RouteDefinition route : routes.getRoutes()) {
            for (PredicateDefinition predicate : route.getPredicates()) {
                if ("Path".equals(predicate.getName())) {
                    patterns.addAll(predicate.getArgs().values());
                }
            }
        }
        return patterns;
    }
}

package org.janseva.gateway.auth;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the token check: who calls ({@link CallerWebFilter}), then whether they may ({@link AuthenticationWebFilter}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GatewayAuthProperties.class, GatewayAuthProperties.Tokens.class})
class GatewayAuthConfiguration {

    @Bean
    TokenVerifier tokenVerifier(
            GatewayAuthProperties properties, GatewayAuthProperties.Tokens tokens, Environment environment) {
        String jwkSetUri = tokens.jwkSetUri() != null
                ? tokens.jwkSetUri().toString()
                : environment.getProperty("platform.services.user", "http://localhost:8082") + "/oauth2/jwks";
        return new TokenVerifier(jwkSetUri, tokens, properties);
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

package org.janseva.gateway.auth;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the token check. */
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
    AuthenticationWebFilter authenticationWebFilter(TokenVerifier verifier, GatewayAuthProperties properties) {
        return new AuthenticationWebFilter(verifier, properties);
    }
}

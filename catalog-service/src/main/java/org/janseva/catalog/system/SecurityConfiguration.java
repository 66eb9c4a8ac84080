package org.janseva.catalog.system;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/** catalog-service's additions to the shared resource-server support of platform-security. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** The firewall's header checks without regular expressions ({@link HeaderChecks}). */
    @Bean
    WebSecurityCustomizer fastHeaderChecks() {
        return web -> web.httpFirewall(HeaderChecks.firewall());
    }

    /** The bearer token read without a regular expression in the common case ({@link HeaderChecks}). */
    @Bean
    BearerTokenResolver bearerTokenResolver() {
        return new HeaderChecks.FastBearerTokenResolver();
    }

    /** Verified tokens are kept until they expire ({@link VerifiedTokenCache}). */
    @Bean
    @ConditionalOnProperty(name = "platform.catalog.verified-token-cache", havingValue = "true", matchIfMissing = true)
    static VerifiedTokenCache.Installer verifiedTokenCache() {
        return new VerifiedTokenCache.Installer();
    }
}

package org.janseva.catalog.system;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** catalog-service's additions to the shared resource-server support of platform-security. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Verified tokens are kept until they expire ({@link VerifiedTokenCache}). */
    @Bean
    @ConditionalOnProperty(name = "platform.catalog.verified-token-cache", havingValue = "true", matchIfMissing = true)
    static VerifiedTokenCache.Installer verifiedTokenCache() {
        return new VerifiedTokenCache.Installer();
    }
}

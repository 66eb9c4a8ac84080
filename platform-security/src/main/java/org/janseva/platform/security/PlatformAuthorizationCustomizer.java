package org.janseva.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A bean of this type adds authorization rules in code, for what {@code platform.security.*}
 * cannot say. Its rules come after the always-public operational paths and before the declared
 * ones, so it can open or close any path of the service's own API.
 */
@FunctionalInterface
public interface PlatformAuthorizationCustomizer {

    /** @param rules the registry to add {@code requestMatchers(...)} rules to */
    void customize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}

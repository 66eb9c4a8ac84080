package org.janseva.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * A bearer token that does not verify is ignored on a path an anonymous caller may use: the
 * request goes on anonymously instead of being refused with 401. The apps send their access token
 * on every request, also once it has expired, and on {@code /api/v1/auth/refresh} above all; a
 * token that does verify still identifies the caller there. Whether a path is open is the chain's
 * own authorization rules asked for an anonymous caller (the operational paths, the declared
 * public paths, a {@link PlatformAuthorizationCustomizer}'s rules, in their order), and only once
 * a token has failed, so a valid token costs nothing more. Every other path refuses a bad token
 * with 401 exactly as before.
 */
final class PublicPathBearerTokens {

    private static final Supplier<Authentication> ANONYMOUS = () -> new AnonymousAuthenticationToken(
            "platform-public-path", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    private volatile AuthorizationManager<HttpServletRequest> rules;

    /** @param chain the built chain, whose authorization rules decide what is open */
    void rulesOf(SecurityFilterChain chain) {
        this.rules = chain.getFilters().stream()
                .filter(AuthorizationFilter.class::isInstance)
                .map(f -> ((AuthorizationFilter) f).getAuthorizationManager())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The security filter chain has no authorization rules"));
    }

    /** @return whether an anonymous caller may make the request */
    boolean isOpen(HttpServletRequest request) {
        AuthorizationManager<HttpServletRequest> current = rules;
        if (current == null) {
            return false;
        }
        AuthorizationResult result = current.authorize(ANONYMOUS, request);
        return result != null && result.isGranted();
    }

    /**
     * @param strict checks the token
     * @return the token check, which on an open path answers a refused token with an anonymous
     *     caller instead of an error
     */
    AuthenticationManagerResolver<HttpServletRequest> managerResolver(AuthenticationManager strict) {
        return request -> authentication -> {
            try {
                return strict.authenticate(authentication);
            } catch (AuthenticationException refused) {
                if (isOpen(request)) {
                    return ANONYMOUS.get();
                }
                throw refused;
            }
        };
    }

    /**
     * @param strict reads the token
     * @return the token reader, which on an open path treats a malformed {@code Authorization}
     *     header as no token
     */
    BearerTokenResolver tokenResolver(BearerTokenResolver strict) {
        return request -> {
            try {
                return strict.resolve(request);
            } catch (AuthenticationException malformed) {
                if (isOpen(request)) {
                    return null;
                }
                throw malformed;
            }
        };
    }
}

package org.janseva.user.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A {@code client_credentials} request without {@code scope} gets the client's registered
 * scopes, the pre-defined default RFC 6749 (3.3) asks for. Without it the library grants a token
 * with no scope at all, which every endpoint then refuses with 403: an integrator's script that
 * forgot {@code scope=admin} failed far from its cause. A request that names scopes is left to
 * the library (which refuses scopes the client was not given).
 */
final class DefaultClientScopesConverter implements AuthenticationConverter {

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!AuthorizationGrantType.CLIENT_CREDENTIALS
                        .getValue()
                        .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                || request.getParameter(OAuth2ParameterNames.SCOPE) != null) {
            return null;
        }
        Authentication client = SecurityContextHolder.getContext().getAuthentication();
        if (!(client instanceof OAuth2ClientAuthenticationToken clientToken)
                || clientToken.getRegisteredClient() == null) {
            return null;
        }
        return new OAuth2ClientCredentialsAuthenticationToken(
                clientToken, clientToken.getRegisteredClient().getScopes(), Map.of());
    }
}

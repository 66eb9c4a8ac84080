package org.janseva.user.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
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
 *
 * <p>A {@code scope} sent without a value ({@code scope=}, or only white space such as {@code
 * scope=%20}) is omitted (RFC 6749 3.2: a parameter sent without a value is treated as if it were
 * omitted); the library read it as a request for no scope. {@code scope} given twice is an {@code
 * invalid_request} (3.2: a parameter must not be included more than once), also when the first is
 * empty, which the library let through as a request for none. Parameters are read as the
 * library's converters read them, from the form body only: a parameter whose name is in the query
 * string counts as not sent. A {@code scope} sent that the library would not read (the query
 * string contains its name: {@code ?scope=admin}, or the body's scope with {@code ?utm=microscope})
 * is an {@code invalid_request}, never the default scopes, which could be more than was asked for.
 */
final class DefaultClientScopesConverter implements AuthenticationConverter {

    private static final String ACCESS_TOKEN_REQUEST_ERROR_URI =
            "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String[] grantTypes = formValues(request, OAuth2ParameterNames.GRANT_TYPE);
        if (grantTypes.length != 1
                || !AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(grantTypes[0])) {
            return null;
        }
        String[] scopes = formValues(request, OAuth2ParameterNames.SCOPE);
        if (scopes.length == 0 && request.getParameterValues(OAuth2ParameterNames.SCOPE) != null) {
            // a scope the library would not read (its converters skip any parameter whose name is
            // anywhere in the query string, even inside another's: ?utm=microscope): answering it
            // with the default scopes could widen what was asked for, so the request is refused
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_REQUEST,
                    "OAuth 2.0 Parameter: " + OAuth2ParameterNames.SCOPE
                            + " (send it in the form body, with a query string that does not contain it)",
                    ACCESS_TOKEN_REQUEST_ERROR_URI));
        }
        if (scopes.length > 1) {
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_REQUEST,
                    "OAuth 2.0 Parameter: " + OAuth2ParameterNames.SCOPE,
                    ACCESS_TOKEN_REQUEST_ERROR_URI));
        }
        if (scopes.length == 1 && !scopes[0].isBlank()) {
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

    /**
     * @return the values of a form parameter, none when the query string names it: the view of the
     *     library's own converters, so that this one and theirs never read two different requests
     */
    private static String[] formValues(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query != null && query.contains(name)) {
            return new String[0];
        }
        String[] values = request.getParameterValues(name);
        return values == null ? new String[0] : values;
    }
}

package org.janseva.user.auth;

import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;

/** A token request with one of the citizen login grants ({@link LoginGrantTypes}). */
final class CitizenGrantAuthenticationToken extends OAuth2AuthorizationGrantAuthenticationToken {

    private final transient CitizenCredentials credentials;

    CitizenGrantAuthenticationToken(
            AuthorizationGrantType grantType, Authentication clientPrincipal, CitizenCredentials credentials) {
        super(grantType, clientPrincipal, Map.of());
        this.credentials = credentials;
    }

    CitizenCredentials citizenCredentials() {
        return credentials;
    }
}

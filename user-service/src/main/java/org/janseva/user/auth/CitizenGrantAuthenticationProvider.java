package org.janseva.user.auth;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.janseva.platform.security.PlatformScopes;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The citizen login grants on the token endpoint: the citizen is authenticated by
 * {@link CitizenAuthenticator} (OTP, MPIN with lockout, or a fresh registration), then the
 * library's token generator mints the access token (subject = citizen id, scope
 * {@code citizen}, {@code sid} = the login's id) and a refresh token, and the library's
 * authorization service stores the login so that refresh rotation and revocation are the
 * library's.
 */
final class CitizenGrantAuthenticationProvider implements AuthenticationProvider {

    private final CitizenAuthenticator authenticator;
    private final OAuth2AuthorizationService authorizations;
    private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;
    private final TransactionTemplate transactions;

    CitizenGrantAuthenticationProvider(
            CitizenAuthenticator authenticator,
            OAuth2AuthorizationService authorizations,
            OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator,
            TransactionTemplate transactions) {
        this.authenticator = authenticator;
        this.authorizations = authorizations;
        this.tokenGenerator = tokenGenerator;
        this.transactions = transactions;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return CitizenGrantAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        CitizenGrantAuthenticationToken grant = (CitizenGrantAuthenticationToken) authentication;
        if (!(grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
                || !clientPrincipal.isAuthenticated()) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        RegisteredClient client = clientPrincipal.getRegisteredClient();
        AuthorizationGrantType grantType = grant.getGrantType();
        if (client == null || !client.getAuthorizationGrantTypes().contains(grantType)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
        }

        CitizenAuthenticator.Proven proven = authenticator.authenticate(grant.citizenCredentials());
        String citizenId = proven.citizenId();

        Authentication citizen = UsernamePasswordAuthenticationToken.authenticated(
                citizenId,
                null,
                new java.util.ArrayList<>(List.of(new SimpleGrantedAuthority("SCOPE_" + PlatformScopes.CITIZEN))));
        // mutable JDK collections: the JDBC authorization service stores them with their type, and
        // refuses to read back JDK-internal immutable ones
        Set<String> scopes = new java.util.LinkedHashSet<>(List.of(PlatformScopes.CITIZEN));
        // the login's id is fixed before any token is minted: the token customizer writes it into
        // every access token of the login (claim sid), as the refresh grant's tokens will carry it
        OAuth2Authorization.Builder login = OAuth2Authorization.withRegisteredClient(client)
                .id(UUID.randomUUID().toString())
                .principalName(citizenId)
                .authorizationGrantType(grantType)
                .authorizedScopes(scopes)
                .attribute(Principal.class.getName(), citizen);
        DefaultOAuth2TokenContext.Builder context = DefaultOAuth2TokenContext.builder()
                .registeredClient(client)
                .principal(citizen)
                .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                .authorization(login.build())
                .authorizedScopes(scopes)
                .authorizationGrantType(grantType)
                .authorizationGrant(grant);

        OAuth2TokenContext accessContext =
                context.tokenType(OAuth2TokenType.ACCESS_TOKEN).build();
        OAuth2Token generated = tokenGenerator.generate(accessContext);
        if (generated == null) {
            throw serverError("The access token could not be generated");
        }
        OAuth2AccessToken accessToken = new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER,
                generated.getTokenValue(),
                generated.getIssuedAt(),
                generated.getExpiresAt(),
                scopes);
        if (generated instanceof ClaimAccessor claims) {
            login.token(
                    accessToken,
                    metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims.getClaims()));
        } else {
            login.accessToken(accessToken);
        }

        OAuth2RefreshToken refreshToken = null;
        if (client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
            OAuth2Token refresh = tokenGenerator.generate(
                    context.tokenType(OAuth2TokenType.REFRESH_TOKEN).build());
            if (!(refresh instanceof OAuth2RefreshToken token)) {
                throw serverError("The refresh token could not be generated");
            }
            refreshToken = token;
            login.refreshToken(refreshToken);
        }
        OAuth2Authorization saved = login.build();
        transactions.executeWithoutResult(status -> {
            authenticator.confirm(proven);
            authorizations.save(saved);
        });
        return new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, accessToken, refreshToken, Map.of());
    }

    private static OAuth2AuthenticationException serverError(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR, description, null));
    }
}

package org.janseva.user.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.janseva.user.citizen.AccountProblems;
import org.janseva.user.citizen.CitizenRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The citizens' logins, on the authorization server's own machinery: the JSON endpoints run the
 * citizen grants and the library's refresh-token grant on behalf of the apps' client
 * {@code janseva-app}, exactly as the token endpoint would. On top of the library's rotation
 * ({@code reuseRefreshTokens(false)}) it detects reuse: a refresh token that was rotated away and
 * is presented again ends its whole login.
 *
 * <p>Ending a login deletes it, which kills its refresh token, and records it in
 * {@link Revocations}, from which the gateway learns to refuse its access tokens (JWTs that would
 * otherwise verify until their {@code exp}).
 */
@Service
public class Logins {

    private static final Logger log = LoggerFactory.getLogger(Logins.class);

    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationService authorizations;
    private final AuthorizationServerContext serverContext;
    private final CitizenGrantAuthenticationProvider citizenGrants;
    private final OAuth2RefreshTokenAuthenticationProvider refreshGrant;
    private final Revocations revocations;
    private final CitizenRepository citizens;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Logins(
            RegisteredClientRepository clients,
            OAuth2AuthorizationService authorizations,
            AuthorizationServerSettings settings,
            CitizenAuthenticator authenticator,
            OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator,
            Revocations revocations,
            CitizenRepository citizens,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock) {
        this.clients = clients;
        this.authorizations = authorizations;
        this.serverContext = new AuthorizationServerContext() {
            @Override
            public String getIssuer() {
                return settings.getIssuer();
            }

            @Override
            public AuthorizationServerSettings getAuthorizationServerSettings() {
                return settings;
            }
        };
        this.citizenGrants =
                new CitizenGrantAuthenticationProvider(authenticator, authorizations, tokenGenerator, transactions);
        this.refreshGrant = new OAuth2RefreshTokenAuthenticationProvider(authorizations, tokenGenerator);
        this.revocations = revocations;
        this.citizens = citizens;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** @return the provider of the citizen grants, for the token endpoint */
    public AuthenticationProvider citizenGrantProvider() {
        return citizenGrants;
    }

    /** @return the converter of the citizen grants, for the token endpoint */
    public AuthenticationConverter citizenGrantConverter() {
        return new CitizenGrantAuthenticationConverter();
    }

    OAuth2AccessTokenAuthenticationToken login(AuthorizationGrantType grantType, CitizenCredentials credentials) {
        return inServerContext(() -> (OAuth2AccessTokenAuthenticationToken)
                citizenGrants.authenticate(new CitizenGrantAuthenticationToken(grantType, appClient(), credentials)));
    }

    /**
     * Rotates a login's refresh token; refuses a rotated one and ends its login.
     *
     * @throws org.janseva.platform.web.ApiException 401 {@code REFRESH_TOKEN_REUSED} or
     *     {@code REFRESH_TOKEN_INVALID}
     */
    OAuth2AccessTokenAuthenticationToken refresh(String refreshToken) {
        String hash = HashedTokenAuthorizationService.sha256Hex(refreshToken);
        RefreshOutcome outcome = transactions.execute(status -> {
            // one refresh of a given token at a time: a concurrent second use is a reuse
            lockToken(hash);
            OAuth2Authorization current = authorizations.findByToken(refreshToken, OAuth2TokenType.REFRESH_TOKEN);
            if (current != null) {
                // and one change of a login at a time: a logout or a reuse detection presenting the
                // login's rotated token ends it either before this refresh (read again: gone) or
                // after it, never in between to see it saved again by this refresh
                lockLogin(current.getId());
                // and not while an erasure or an MPIN reset ends the account's logins: read after
                // it commits, the login is gone (saved before it, the refresh would find the login
                // deleted meanwhile and insert it again)
                if (citizens.shareLockActiveById(current.getPrincipalName()).isEmpty()) {
                    return RefreshOutcome.INVALID;
                }
                current = authorizations.findByToken(refreshToken, OAuth2TokenType.REFRESH_TOKEN);
            }
            if (current == null) {
                String loginId = endLoginOfRotated(hash, Revocations.Reason.REFRESH_TOKEN_REUSED);
                if (loginId == null) {
                    return RefreshOutcome.INVALID;
                }
                log.warn("A rotated refresh token was presented again: login {} ended", loginId);
                return RefreshOutcome.REUSED;
            }
            OAuth2AccessTokenAuthenticationToken result;
            try {
                result = inServerContext(() -> (OAuth2AccessTokenAuthenticationToken) refreshGrant.authenticate(
                        new OAuth2RefreshTokenAuthenticationToken(refreshToken, appClient(), Set.of(), Map.of())));
            } catch (OAuth2AuthenticationException ex) {
                return RefreshOutcome.INVALID;
            }
            jdbc.sql("insert into rotated_refresh_token (token_hash, authorization_id, rotated_at) values (?, ?, ?) "
                            + "on conflict do nothing")
                    .params(hash, current.getId(), Timestamp.from(clock.instant()))
                    .update();
            return new RefreshOutcome(result);
        });
        if (outcome == RefreshOutcome.REUSED) {
            throw AccountProblems.refreshTokenReused();
        }
        if (outcome == RefreshOutcome.INVALID) {
            throw AccountProblems.refreshTokenInvalid();
        }
        return outcome.tokens();
    }

    /**
     * Ends the login a refresh token belongs to (no answer tells whether it existed): the login it
     * is the current refresh token of, or the one it was rotated away from (an app that logs out
     * with a refresh token it failed to replace must not leave the login running).
     */
    void logout(String refreshToken) {
        String hash = HashedTokenAuthorizationService.sha256Hex(refreshToken);
        transactions.executeWithoutResult(status -> {
            // not while the same token is being refreshed
            lockToken(hash);
            OAuth2Authorization login = authorizations.findByToken(refreshToken, OAuth2TokenType.REFRESH_TOKEN);
            if (login != null) {
                lockLogin(login.getId());
                authorizations.remove(login);
                revocations.revokeLogins(login.getPrincipalName(), List.of(login.getId()), Revocations.Reason.LOGOUT);
                return;
            }
            String loginId = endLoginOfRotated(hash, Revocations.Reason.LOGOUT);
            if (loginId != null) {
                log.info("A logout with a rotated refresh token: login {} ended", loginId);
            }
        });
    }

    /**
     * Ends the login a rotated refresh token belonged to, if the token is known as rotated.
     *
     * @return the login's id, or {@code null} when the token was never rotated away
     */
    private String endLoginOfRotated(String tokenHash, Revocations.Reason reason) {
        String loginId = jdbc.sql("select authorization_id from rotated_refresh_token where token_hash = ?")
                .param(tokenHash)
                .query(String.class)
                .optional()
                .orElse(null);
        if (loginId == null) {
            return null;
        }
        // not while a refresh of the login's current token is saving it again
        lockLogin(loginId);
        OAuth2Authorization login = authorizations.findById(loginId);
        if (login != null) {
            authorizations.remove(login);
            // (a login already gone was revoked when it ended, or its tokens have expired)
            revocations.revokeLogins(login.getPrincipalName(), List.of(loginId), reason);
        }
        return loginId;
    }

    /**
     * Serialises the changes of one login (refresh, logout, reuse detection) until the transaction
     * ends: its refresh tokens differ, so {@link #lockToken} alone let a logout with a rotated
     * token and a refresh of the current one interleave, and the refresh saved the ended login again.
     * Always taken after the token's lock.
     */
    private void lockLogin(String loginId) {
        advisoryLock(loginId, 12);
    }

    /** Serialises the uses of one refresh token (refresh, logout) until the transaction ends. */
    private void lockToken(String tokenHash) {
        advisoryLock(tokenHash, 11);
    }

    /** A transaction-scoped PostgreSQL advisory lock on the key's hash, in a space of its own (the seed). */
    private void advisoryLock(String key, long space) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, ?))")
                .params(key, space)
                .query()
                .singleRow();
    }

    /**
     * The authorization server's revocation endpoint ({@code POST /oauth2/revoke}, RFC 7009) with
     * its revocations published like a logout's, so that the gateway refuses the revoked access
     * tokens too (it does not ask the authorization server about each token): the library's
     * provider invalidates the token and, in the same transaction, the revocation is recorded. A
     * refresh token revoked ends its login (the library invalidates the login's access token with
     * it, and the login can no longer be refreshed): every access token of the login, named by its
     * {@code sid}, is revoked. An access token revoked is that token alone, named by its
     * {@code jti}: a machine client's token belongs to no login, and a citizen's login goes on.
     *
     * @param library the library's revocation provider
     * @return the provider to register on the revocation endpoint in its place
     */
    public AuthenticationProvider publishingRevocations(AuthenticationProvider library) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication request) {
                return transactions.execute(status -> {
                    Authentication result = library.authenticate(request);
                    if (result instanceof OAuth2TokenRevocationAuthenticationToken revoked
                            && revoked.isAuthenticated()) {
                        publishRevocation(revoked.getToken());
                    }
                    return result;
                });
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return library.supports(authentication);
            }
        };
    }

    private void publishRevocation(String tokenValue) {
        OAuth2Authorization authorization = authorizations.findByToken(tokenValue, null);
        OAuth2Authorization.Token<?> token = authorization == null ? null : authorization.getToken(tokenValue);
        if (token == null) {
            return;
        }
        if (token.getToken() instanceof OAuth2RefreshToken) {
            revocations.revokeLogins(
                    authorization.getPrincipalName(), List.of(authorization.getId()), Revocations.Reason.TOKEN_REVOKED);
        } else if (token.getToken() instanceof OAuth2AccessToken) {
            Map<String, Object> claims = token.getClaims() == null ? Map.of() : token.getClaims();
            Object tokenId = claims.get(JwtClaimNames.JTI);
            Object subject = claims.get(JwtClaimNames.SUB);
            if (tokenId == null) {
                // every access token is a JWT with a jti (JwtGenerator): this one cannot be named
                log.warn("A revoked access token of authorization {} has no jti: not published", authorization.getId());
                return;
            }
            revocations.revokeToken(
                    subject != null ? subject.toString() : authorization.getPrincipalName(),
                    tokenId.toString(),
                    Revocations.Reason.TOKEN_REVOKED);
        }
    }

    /**
     * Ends every login of a citizen and revokes their access tokens (an MPIN reset); logins made
     * afterwards are unaffected. Call it in the transaction that has locked the citizen's row
     * (logins are saved, and refreshed, under a share lock on it), so that none is saved between
     * this and the commit.
     */
    public void endAllLogins(String citizenId) {
        transactions.executeWithoutResult(status -> {
            List<String> ended = jdbc.sql("delete from oauth2_authorization where principal_name = ? returning id")
                    .param(citizenId)
                    .query(String.class)
                    .list();
            revocations.revokeLogins(citizenId, ended, Revocations.Reason.ALL_LOGINS_ENDED);
        });
    }

    /**
     * Ends every login of a citizen whose account is erased, and revokes every access token issued
     * to them until now, whatever its login (one that a login racing the erasure minted too). Call
     * it last in the erasure's transaction: it holds the revocation writers' lock until the commit.
     */
    public void endAllLoginsOfErasedAccount(String citizenId) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("delete from oauth2_authorization where principal_name = ?")
                    .param(citizenId)
                    .update();
            revocations.revokeCitizen(citizenId, Revocations.Reason.ACCOUNT_ERASED);
        });
    }

    private record RefreshOutcome(OAuth2AccessTokenAuthenticationToken tokens) {
        static final RefreshOutcome INVALID = new RefreshOutcome(null);
        static final RefreshOutcome REUSED = new RefreshOutcome(null);
    }

    private OAuth2ClientAuthenticationToken appClient() {
        RegisteredClient client = clients.findByClientId(LoginGrantTypes.APP_CLIENT_ID);
        if (client == null) {
            throw new IllegalStateException("The apps' client " + LoginGrantTypes.APP_CLIENT_ID + " is not registered");
        }
        return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
    }

    private <T> T inServerContext(Supplier<T> work) {
        AuthorizationServerContext previous = AuthorizationServerContextHolder.getContext();
        AuthorizationServerContextHolder.setContext(serverContext);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                AuthorizationServerContextHolder.resetContext();
            } else {
                AuthorizationServerContextHolder.setContext(previous);
            }
        }
    }
}

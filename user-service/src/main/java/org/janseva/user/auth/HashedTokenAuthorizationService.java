package org.janseva.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps token values out of the authorization store: whoever reads the database or a backup of
 * it must not be able to present a citizen's refresh token (valid for days) or anyone's access
 * token. Every token of an authorization is stored as {@value #PREFIX} followed by the lowercase
 * hex SHA-256 of its UTF-8 value (the migration {@code V9__hash_token_values.sql} computes the same
 * string in SQL); a lookup by token hashes the value presented and searches for that.
 *
 * <p>An authorization found by a token comes back with that token's real value, the one the
 * caller presented: the library's providers look the token up again in it by value
 * ({@link OAuth2Authorization#getToken(String)}: revocation, introspection) and the refresh grant
 * may hand the same refresh token back when it does not rotate. Its other tokens keep their
 * hashes; saving it again leaves those as they are (a hashed value is never hashed again; no token
 * the library generates contains a colon, so none looks hashed). A hash presented as a token is
 * hashed like any value and matches nothing: a leaked row logs nobody in.
 *
 * <p>A token found by no hash is looked up once more by its value, for the logins that instances
 * of the previous release write in clear while a rolling upgrade runs (the first save hashes
 * them); the other way round, an instance of the previous release finds no login this one
 * wrote, so a citizen whose refresh reaches one during the upgrade logs in again.
 *
 * <p>Only the token kinds the JDBC authorization service stores are hashed: authorization code,
 * access token, OpenID ID token, refresh token, user code and device code (it stores no other).
 * The {@code state} of an authorization request is no token and is looked up as it is.
 */
public final class HashedTokenAuthorizationService implements OAuth2AuthorizationService {

    /** What a stored token value starts with. */
    public static final String PREFIX = "sha256:";

    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

    private static final List<Class<? extends OAuth2Token>> STORED_KINDS = List.of(
            OAuth2AuthorizationCode.class,
            OAuth2AccessToken.class,
            OidcIdToken.class,
            OAuth2RefreshToken.class,
            OAuth2UserCode.class,
            OAuth2DeviceCode.class);

    private final OAuth2AuthorizationService store;

    /** @param store the authorization service that persists (the JDBC one) */
    public HashedTokenAuthorizationService(OAuth2AuthorizationService store) {
        this.store = store;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Builder hashed = OAuth2Authorization.from(authorization);
        for (Class<? extends OAuth2Token> kind : STORED_KINDS) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(kind);
            if (token != null && !isHashed(token.getToken().getTokenValue())) {
                replace(hashed, token, hash(token.getToken().getTokenValue()));
            }
        }
        store.save(hashed.build());
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        store.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return store.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (STATE.equals(tokenType)) {
            return store.findByToken(token, tokenType);
        }
        String hash = hash(token);
        OAuth2Authorization found = store.findByToken(hash, tokenType);
        if (found == null) {
            // during a rolling upgrade, instances of the release before this one still write
            // tokens in clear: such a login is found by the value itself (it holds that value
            // already), and saving it again hashes it. Never for a value that looks hashed: a
            // stored hash must not find the row it was read from.
            return isHashed(token) ? null : store.findByToken(token, tokenType);
        }
        OAuth2Authorization.Token<OAuth2Token> stored = found.getToken(hash);
        if (stored == null) {
            // found by its state (a lookup without a type also compares the state)
            return found;
        }
        OAuth2Authorization.Builder presented = OAuth2Authorization.from(found);
        replace(presented, stored, token);
        return presented.build();
    }

    /** @return the lowercase hex SHA-256 of the value's UTF-8 bytes */
    static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** @return the value as it is stored */
    static String hash(String tokenValue) {
        return PREFIX + sha256Hex(tokenValue);
    }

    private static boolean isHashed(String tokenValue) {
        return tokenValue.startsWith(PREFIX);
    }

    /** Puts the token with another value in the builder, with its times, type, scopes and metadata. */
    private static void replace(
            OAuth2Authorization.Builder builder, OAuth2Authorization.Token<? extends OAuth2Token> token, String value) {
        builder.token(withValue(token.getToken(), value), metadata -> {
            metadata.clear();
            metadata.putAll(token.getMetadata());
        });
    }

    private static OAuth2Token withValue(OAuth2Token token, String value) {
        if (token instanceof OAuth2AccessToken access) {
            return new OAuth2AccessToken(
                    access.getTokenType(), value, access.getIssuedAt(), access.getExpiresAt(), access.getScopes());
        }
        if (token instanceof OAuth2RefreshToken) {
            return new OAuth2RefreshToken(value, token.getIssuedAt(), token.getExpiresAt());
        }
        if (token instanceof OAuth2AuthorizationCode) {
            return new OAuth2AuthorizationCode(value, token.getIssuedAt(), token.getExpiresAt());
        }
        if (token instanceof OidcIdToken idToken) {
            return new OidcIdToken(value, idToken.getIssuedAt(), idToken.getExpiresAt(), idToken.getClaims());
        }
        if (token instanceof OAuth2UserCode) {
            return new OAuth2UserCode(value, token.getIssuedAt(), token.getExpiresAt());
        }
        if (token instanceof OAuth2DeviceCode) {
            return new OAuth2DeviceCode(value, token.getIssuedAt(), token.getExpiresAt());
        }
        throw new IllegalArgumentException("No token kind the authorization store keeps: " + token.getClass());
    }
}

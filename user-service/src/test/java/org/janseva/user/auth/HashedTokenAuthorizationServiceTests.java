package org.janseva.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/** The hashing decorator over the library's in-memory store: what is stored, what comes back. */
class HashedTokenAuthorizationServiceTests {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z").truncatedTo(ChronoUnit.SECONDS);
    static final RegisteredClient CLIENT = RegisteredClient.withId("client-1")
            .clientId("janseva-app")
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .build();

    final InMemoryOAuth2AuthorizationService store = new InMemoryOAuth2AuthorizationService();
    final HashedTokenAuthorizationService service = new HashedTokenAuthorizationService(store);

    final OAuth2AccessToken access = new OAuth2AccessToken(
            OAuth2AccessToken.TokenType.BEARER,
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaXRpemVuIn0.c2lnbmF0dXJl",
            NOW,
            NOW.plusSeconds(900),
            Set.of("citizen"));
    final OAuth2RefreshToken refresh = new OAuth2RefreshToken("r3fr3sh-T0ken_value", NOW, NOW.plusSeconds(86_400));
    final Map<String, Object> claims = Map.of("sub", "citizen-1", "jti", "jti-1", "sid", "login-1");

    @Test
    void shouldHashAsTheMigrationDoes() {
        // SHA-256("abc"), FIPS 180-2; PostgreSQL: encode(sha256(convert_to('abc', 'UTF8')), 'hex')
        assertThat(HashedTokenAuthorizationService.hash("abc"))
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldStoreEveryTokenOnlyAsItsHashWithItsTimesScopesAndMetadata() {
        OidcIdToken idToken = new OidcIdToken("id-token-value", NOW, NOW.plusSeconds(60), Map.of("sub", "citizen-1"));
        OAuth2Authorization login = OAuth2Authorization.from(login())
                .token(new OAuth2AuthorizationCode("code-value", NOW, NOW.plusSeconds(60)))
                .token(idToken, m -> m.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims()))
                .token(new OAuth2UserCode("user-code-value", NOW, NOW.plusSeconds(60)))
                .token(new OAuth2DeviceCode("device-code-value", NOW, NOW.plusSeconds(60)))
                .build();

        service.save(login);

        OAuth2Authorization stored = store.findById("login-1");
        for (Class<? extends OAuth2Token> kind : List.of(
                OAuth2AccessToken.class,
                OAuth2RefreshToken.class,
                OAuth2AuthorizationCode.class,
                OidcIdToken.class,
                OAuth2UserCode.class,
                OAuth2DeviceCode.class)) {
            OAuth2Authorization.Token<?> original = login.getToken(kind);
            OAuth2Authorization.Token<?> kept = stored.getToken(kind);
            assertThat(kept).as(kind.getSimpleName()).isNotNull();
            assertThat(kept.getToken().getTokenValue())
                    .as(kind.getSimpleName())
                    .isEqualTo(HashedTokenAuthorizationService.hash(
                            original.getToken().getTokenValue()));
            assertThat(kept.getToken().getIssuedAt())
                    .isEqualTo(original.getToken().getIssuedAt());
            assertThat(kept.getToken().getExpiresAt())
                    .isEqualTo(original.getToken().getExpiresAt());
            assertThat(kept.getMetadata()).isEqualTo(original.getMetadata());
        }
        assertThat(stored.getAccessToken().getToken().getScopes()).containsExactly("citizen");
        assertThat(stored.getAccessToken().getToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
        assertThat(stored.getAccessToken().getClaims()).isEqualTo(claims);
        assertThat(stored.getToken(OidcIdToken.class).getToken().getClaims()).isEqualTo(Map.of("sub", "citizen-1"));
        assertThat(stored.getPrincipalName()).isEqualTo("citizen-1");
        assertThat(stored.getAuthorizedScopes()).containsExactly("citizen");
    }

    @Test
    void shouldFindAnAuthorizationByEachOfItsTokensWithTheValuePresentedAndTheOthersHashed() {
        service.save(login());

        OAuth2Authorization byRefresh = service.findByToken(refresh.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN);
        assertThat(byRefresh.getId()).isEqualTo("login-1");
        // the library's providers look the token up again by value (revocation, introspection)
        assertThat(byRefresh.getToken(refresh.getTokenValue())).isNotNull().isSameAs(byRefresh.getRefreshToken());
        assertThat(byRefresh.getRefreshToken().getToken().getExpiresAt()).isEqualTo(refresh.getExpiresAt());
        assertThat(byRefresh.getAccessToken().getToken().getTokenValue())
                .isEqualTo(HashedTokenAuthorizationService.hash(access.getTokenValue()));

        for (OAuth2TokenType type : new OAuth2TokenType[] {OAuth2TokenType.ACCESS_TOKEN, null}) {
            OAuth2Authorization byAccess = service.findByToken(access.getTokenValue(), type);
            assertThat(byAccess.getToken(access.getTokenValue()))
                    .as("found as %s", type)
                    .isSameAs(byAccess.getAccessToken());
            assertThat(byAccess.getAccessToken().getClaims()).isEqualTo(claims);
            assertThat(byAccess.getAccessToken().getToken().getScopes()).containsExactly("citizen");
        }
        assertThat(service.findByToken(refresh.getTokenValue(), null)).isNotNull();
        assertThat(service.findByToken(refresh.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN))
                .isNull();
        assertThat(service.findByToken("no-such-token", null)).isNull();
    }

    @Test
    void shouldFindNothingByAStoredHash() {
        service.save(login());
        String stored = store.findById("login-1").getRefreshToken().getToken().getTokenValue();

        assertThat(service.findByToken(stored, OAuth2TokenType.REFRESH_TOKEN)).isNull();
        assertThat(service.findByToken(stored, null)).isNull();
    }

    @Test
    void shouldFindALoginThePreviousReleaseStoredInClearAndHashItWhenSavedAgain() {
        // written by an instance of the release before this one, during a rolling upgrade
        store.save(login());

        OAuth2Authorization found = service.findByToken(refresh.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN);
        assertThat(found).isNotNull();
        assertThat(found.getRefreshToken().getToken().getTokenValue()).isEqualTo(refresh.getTokenValue());
        assertThat(service.findByToken(access.getTokenValue(), null)).isNotNull();
        // ... but never by a value that looks hashed
        assertThat(service.findByToken(HashedTokenAuthorizationService.hash(refresh.getTokenValue()), null))
                .isNull();

        service.save(found);
        assertThat(store.findById("login-1").getRefreshToken().getToken().getTokenValue())
                .isEqualTo(HashedTokenAuthorizationService.hash(refresh.getTokenValue()));
        assertThat(store.findByToken(refresh.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN))
                .isNull();
    }

    @Test
    void shouldNeverHashAValueTwiceWhenAnAuthorizationFoundIsChangedAndSavedAgain() {
        service.save(login());
        OAuth2Authorization found = service.findByToken(refresh.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN);

        // as the revocation provider does: invalidates the refresh token, and with it the access token
        service.save(OAuth2Authorization.from(found)
                .invalidate(found.getRefreshToken().getToken())
                .build());

        OAuth2Authorization stored = store.findById("login-1");
        assertThat(stored.getRefreshToken().getToken().getTokenValue())
                .isEqualTo(HashedTokenAuthorizationService.hash(refresh.getTokenValue()));
        assertThat(stored.getAccessToken().getToken().getTokenValue())
                .isEqualTo(HashedTokenAuthorizationService.hash(access.getTokenValue()));
        OAuth2Authorization again = service.findByToken(access.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
        assertThat(again.getAccessToken().isInvalidated()).isTrue();
        assertThat(again.getRefreshToken().isInvalidated()).isTrue();
    }

    @Test
    void shouldFindALoginByItsNewRefreshTokenOnlyOnceRotated() {
        service.save(login());
        OAuth2Authorization found = service.findByToken(refresh.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN);
        OAuth2RefreshToken rotated = new OAuth2RefreshToken("n3w-r3fr3sh", NOW, NOW.plusSeconds(86_400));

        service.save(OAuth2Authorization.from(found).refreshToken(rotated).build());

        assertThat(service.findByToken(refresh.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN))
                .isNull();
        assertThat(service.findByToken(rotated.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN)
                        .getId())
                .isEqualTo("login-1");
        assertThat(store.findById("login-1").getRefreshToken().getToken().getTokenValue())
                .isEqualTo(HashedTokenAuthorizationService.hash(rotated.getTokenValue()));
    }

    @Test
    void shouldLookUpTheStateOfAnAuthorizationRequestAsItIs() {
        service.save(OAuth2Authorization.from(login())
                .attribute(OAuth2ParameterNames.STATE, "state-1")
                .build());

        assertThat(service.findByToken("state-1", new OAuth2TokenType(OAuth2ParameterNames.STATE)))
                .isNotNull();
    }

    @Test
    void shouldDelegateFindByIdAndRemove() {
        service.save(login());

        assertThat(service.findById("login-1")).isNotNull();
        service.remove(service.findById("login-1"));
        assertThat(store.findById("login-1")).isNull();
        assertThat(service.findByToken(refresh.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN))
                .isNull();
    }

    private OAuth2Authorization login() {
        return OAuth2Authorization.withRegisteredClient(CLIENT)
                .id("login-1")
                .principalName("citizen-1")
                .authorizationGrantType(LoginGrantTypes.MPIN)
                .authorizedScopes(Set.of("citizen"))
                .token(access, m -> m.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims))
                .refreshToken(refresh)
                .build();
    }
}

package org.janseva.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import tools.jackson.databind.JsonNode;

/**
 * Token values are kept in {@code oauth2_authorization} only as hashes, and every use of a token
 * (refresh with rotation and reuse detection, logout, RFC 7009 revocation, introspection) works on
 * them, also for the logins stored in clear before the upgrade once the migration has hashed them.
 * Real HTTP, real PostgreSQL.
 */
@UserServiceTest
class TokenStorageIntegrationTests {

    static final String MPIN = "482916";
    static final String APP_CLIENT = "janseva-app:test-app-secret";
    static final String MIGRATION = "db/migration/V9__hash_token_values.sql";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcOperations jdbcOperations;

    @Autowired
    RegisteredClientRepository clients;

    TestHttp http;
    Citizen citizen;
    String gatewayToken;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        citizen = new Citizen(http);
        gatewayToken = citizen.accessToken("gateway-service", "test-gateway-secret", "revocations");
    }

    @Test
    void shouldStoreNoTokenAClientWasGivenOnlyItsHash() {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        JsonNode login = TestHttp.json(citizen.loginWithMpin(mobile, MPIN));
        HttpResponse<String> refresh =
                citizen.refresh(login.path("refresh_token").asString());
        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
        JsonNode refreshed = TestHttp.json(refresh);
        String machineToken = citizen.accessToken("payment-service", "test-payment-secret", "service");

        for (JsonNode tokens : List.of(registered, refreshed)) {
            Map<String, Object> row = jdbc.sql(
                            "select refresh_token_value, access_token_value from oauth2_authorization where id = ?")
                    .param(sid(tokens.path("access_token").asString()))
                    .query()
                    .singleRow();
            assertThat(row.get("refresh_token_value"))
                    .isEqualTo(HashedTokenAuthorizationService.hash(
                            tokens.path("refresh_token").asString()));
            assertThat(row.get("access_token_value"))
                    .isEqualTo(HashedTokenAuthorizationService.hash(
                            tokens.path("access_token").asString()));
        }
        assertThat(jdbc.sql("select count(*) from oauth2_authorization where access_token_value = ?")
                        .param(HashedTokenAuthorizationService.hash(machineToken))
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);

        // nowhere in any row: values, metadata (the access token's claims), attributes
        List<String> rows = jdbc.sql("select t::text from oauth2_authorization t")
                .query(String.class)
                .list();
        List<String> given = new ArrayList<>();
        for (JsonNode tokens : List.of(registered, login, refreshed)) {
            given.add(tokens.path("refresh_token").asString());
            given.add(tokens.path("access_token").asString());
            given.add(signature(tokens.path("access_token").asString()));
        }
        given.add(machineToken);
        given.add(signature(machineToken));
        for (String token : given) {
            assertThat(rows).noneMatch(row -> row.contains(token));
        }
    }

    @Test
    void shouldRefreshDetectReuseRevokeIntrospectAndLogOutWithTheHashedTokens() {
        String mobile = UserServiceTestSupport.newMobile();
        String first = citizen.registered(mobile, MPIN).path("refresh_token").asString();
        String cursor = latestCursor();

        HttpResponse<String> refresh = citizen.refresh(first);
        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
        String second = TestHttp.json(refresh).path("refresh_token").asString();
        assertProblem(citizen.refresh(first), 401, "REFRESH_TOKEN_REUSED");
        assertProblem(citizen.refresh(second), 401, "REFRESH_TOKEN_INVALID");

        JsonNode login = TestHttp.json(citizen.loginWithMpin(mobile, MPIN));
        String accessToken = login.path("access_token").asString();
        String refreshToken = login.path("refresh_token").asString();
        assertThat(introspect(accessToken).path("active").asBoolean()).isTrue();
        assertThat(introspect(accessToken).path("sid").asString()).isEqualTo(sid(accessToken));
        assertThat(introspect(refreshToken).path("active").asBoolean()).isTrue();
        // what the database holds is no token
        String stored = HashedTokenAuthorizationService.hash(refreshToken);
        assertProblem(citizen.refresh(stored), 401, "REFRESH_TOKEN_INVALID");
        assertThat(introspect(stored).path("active").asBoolean()).isFalse();
        assertThat(revoke(stored).statusCode()).isEqualTo(200);

        // RFC 7009: the access token alone, then the refresh token (its login ends)
        assertThat(revoke(accessToken).statusCode()).isEqualTo(200);
        assertThat(introspect(accessToken).path("active").asBoolean()).isFalse();
        refresh = citizen.refresh(refreshToken);
        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
        String third = TestHttp.json(refresh).path("refresh_token").asString();
        assertThat(revoke(third).statusCode()).isEqualTo(200);
        assertThat(introspect(third).path("active").asBoolean()).isFalse();
        assertProblem(citizen.refresh(third), 401, "REFRESH_TOKEN_INVALID");

        JsonNode loggedOut = TestHttp.json(citizen.loginWithMpin(mobile, MPIN));
        assertThat(citizen.logout(loggedOut.path("refresh_token").asString()).statusCode())
                .isEqualTo(204);
        assertProblem(citizen.refresh(loggedOut.path("refresh_token").asString()), 401, "REFRESH_TOKEN_INVALID");

        // and the gateway hears of every ended login and revoked token
        List<JsonNode> items = items(cursor);
        assertThat(items)
                .extracting(i -> i.path("reason").asString())
                .containsExactly("REFRESH_TOKEN_REUSED", "TOKEN_REVOKED", "TOKEN_REVOKED", "LOGOUT");
        assertThat(items.get(1).path("jti").asString()).isEqualTo(claim(accessToken, "jti"));
        assertThat(items.get(2).path("sid").asString()).isEqualTo(sid(accessToken));
        assertThat(items.get(3).path("sid").asString())
                .isEqualTo(sid(loggedOut.path("access_token").asString()));
    }

    @Test
    void shouldKeepALoginStoredInClearBeforeTheUpgradeWorkingOnceTheMigrationHashedIt() throws Exception {
        JsonNode registered = citizen.registered(UserServiceTestSupport.newMobile(), MPIN);
        String accessToken = registered.path("access_token").asString();
        String refreshToken = registered.path("refresh_token").asString();
        String loginId = sid(accessToken);
        // the row as the library's JDBC service wrote it before the upgrade: the values in clear
        JdbcOAuth2AuthorizationService library = new JdbcOAuth2AuthorizationService(jdbcOperations, clients);
        OAuth2Authorization hashed = library.findById(loginId);
        OAuth2AccessToken storedAccess = hashed.getAccessToken().getToken();
        OAuth2RefreshToken storedRefresh = hashed.getRefreshToken().getToken();
        library.save(OAuth2Authorization.from(hashed)
                .token(
                        new OAuth2AccessToken(
                                storedAccess.getTokenType(),
                                accessToken,
                                storedAccess.getIssuedAt(),
                                storedAccess.getExpiresAt(),
                                storedAccess.getScopes()),
                        sameMetadata(hashed.getAccessToken()))
                .token(
                        new OAuth2RefreshToken(refreshToken, storedRefresh.getIssuedAt(), storedRefresh.getExpiresAt()),
                        sameMetadata(hashed.getRefreshToken()))
                .build());
        // and one whose value is not ASCII, to hold the SQL's hashing to the Java's byte for byte
        String otherId = UUID.randomUUID().toString();
        String unusual = "टोकन-ü-" + UUID.randomUUID();
        library.save(OAuth2Authorization.from(hashed)
                .id(otherId)
                .principalName("migration-test-" + otherId)
                .token(
                        new OAuth2RefreshToken(unusual, storedRefresh.getIssuedAt(), storedRefresh.getExpiresAt()),
                        sameMetadata(hashed.getRefreshToken()))
                .build());
        try {
            assertThat(values(loginId)).containsExactly(refreshToken, accessToken);
            // (such a row would also be found by its clear value, as one written during a rolling
            // upgrade is: HashedTokenAuthorizationServiceTests; here the migration hashes it first)

            String migration = new ClassPathResource(MIGRATION).getContentAsString(StandardCharsets.UTF_8);
            jdbcOperations.execute(migration);

            List<String> migrated = values(loginId);
            assertThat(migrated)
                    .containsExactly(
                            HashedTokenAuthorizationService.hash(refreshToken),
                            HashedTokenAuthorizationService.hash(accessToken));
            assertThat(values(otherId).get(0)).isEqualTo(HashedTokenAuthorizationService.hash(unusual));
            // a hashed value is not hashed again
            jdbcOperations.execute(migration);
            assertThat(values(loginId)).isEqualTo(migrated);

            assertThat(introspect(accessToken).path("active").asBoolean()).isTrue();
            HttpResponse<String> refresh = citizen.refresh(refreshToken);
            assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
            assertThat(sid(TestHttp.json(refresh).path("access_token").asString()))
                    .isEqualTo(loginId);
            assertProblem(citizen.refresh(refreshToken), 401, "REFRESH_TOKEN_REUSED");
        } finally {
            jdbc.sql("delete from oauth2_authorization where id = ?")
                    .param(otherId)
                    .update();
        }
    }

    private static Consumer<Map<String, Object>> sameMetadata(OAuth2Authorization.Token<? extends OAuth2Token> token) {
        return metadata -> {
            metadata.clear();
            metadata.putAll(token.getMetadata());
        };
    }

    /** @return the refresh and the access token value stored for the login */
    private List<String> values(String loginId) {
        Map<String, Object> row = jdbc.sql(
                        "select refresh_token_value, access_token_value from oauth2_authorization where id = ?")
                .param(loginId)
                .query()
                .singleRow();
        List<String> values = new ArrayList<>();
        values.add((String) row.get("refresh_token_value"));
        values.add((String) row.get("access_token_value"));
        return values;
    }

    private JsonNode introspect(String token) {
        HttpResponse<String> response = oauth2("/oauth2/introspect", token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    private HttpResponse<String> revoke(String token) {
        return oauth2("/oauth2/revoke", token);
    }

    private HttpResponse<String> oauth2(String endpoint, String token) {
        return http.send(http.request(endpoint)
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(APP_CLIENT.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build());
    }

    /** @return the cursor after every revocation listed so far */
    private String latestCursor() {
        String cursor = "0";
        JsonNode page;
        do {
            page = page(cursor);
            cursor = page.path("next").asString();
        } while (page.path("more").asBoolean());
        return cursor;
    }

    private List<JsonNode> items(String after) {
        List<JsonNode> items = new ArrayList<>();
        page(after).path("items").forEach(items::add);
        return items;
    }

    private JsonNode page(String after) {
        HttpResponse<String> response =
                http.get("/internal/v1/revocations?after=" + after, "Authorization", "Bearer " + gatewayToken);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    private static String sid(String accessToken) {
        return claim(accessToken, "sid");
    }

    private static String claim(String accessToken, String name) {
        try {
            return SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim(name);
        } catch (ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String signature(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }
}

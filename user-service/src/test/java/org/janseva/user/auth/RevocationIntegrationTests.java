package org.janseva.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The login named in every access token ({@code sid}) and the revocations the gateway polls
 * ({@code GET /internal/v1/revocations}): what logout, refresh-token reuse, an MPIN reset and an
 * erasure record, over real HTTP against real PostgreSQL.
 */
@UserServiceTest
class RevocationIntegrationTests {

    static final String MPIN = "482916";
    static final String APP_CLIENT = "janseva-app:test-app-secret";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Revocations revocations;

    TestHttp http;
    Citizen citizen;
    String gatewayToken;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        citizen = new Citizen(http);
        gatewayToken = citizen.accessToken("gateway-service", "test-gateway-secret", "revocations");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldNameTheLoginInEveryAccessTokenOfItAcrossRefreshes() {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        JsonNode refreshed =
                TestHttp.json(citizen.refresh(registered.path("refresh_token").asString()));
        JsonNode again =
                TestHttp.json(citizen.refresh(refreshed.path("refresh_token").asString()));
        JsonNode otherLogin = TestHttp.json(citizen.loginWithMpin(mobile, MPIN));

        String sid = sid(registered);
        assertThat(sid).isNotBlank();
        assertThat(sid(refreshed)).isEqualTo(sid);
        assertThat(sid(again)).isEqualTo(sid);
        assertThat(sid(otherLogin)).isNotBlank().isNotEqualTo(sid);
        // a machine client's token belongs to no login
        assertThat(claims(gatewayToken).getClaim("sid")).isNull();
    }

    @Test
    void shouldListTheLoginsEndedByLogoutAndByRefreshTokenReuse() {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode first = citizen.registered(mobile, MPIN);
        JsonNode second = TestHttp.json(citizen.loginWithMpin(mobile, MPIN));
        JsonNode untouched = TestHttp.json(citizen.loginWithMpin(mobile, MPIN));
        String cursor = latestCursor();

        assertThat(citizen.logout(first.path("refresh_token").asString()).statusCode())
                .isEqualTo(204);
        String reused = second.path("refresh_token").asString();
        assertThat(citizen.refresh(reused).statusCode()).isEqualTo(200);
        assertProblem(citizen.refresh(reused), 401, "REFRESH_TOKEN_REUSED");
        // nothing more for a logout with an unknown token
        assertThat(citizen.logout("no-such-token").statusCode()).isEqualTo(204);

        JsonNode page = page(cursor);
        assertThat(page.path("more").asBoolean()).isFalse();
        List<JsonNode> items = items(page);
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("sid").asString()).isEqualTo(sid(first));
        assertThat(items.get(0).path("reason").asString()).isEqualTo("LOGOUT");
        assertThat(items.get(1).path("sid").asString()).isEqualTo(sid(second));
        assertThat(items.get(1).path("reason").asString()).isEqualTo("REFRESH_TOKEN_REUSED");
        assertThat(items).noneMatch(i -> i.path("sid").asString().equals(sid(untouched)));
        for (JsonNode item : items) {
            assertThat(item.has("citizenId")).isFalse();
            Instant revokedAt = Instant.parse(item.path("revokedAt").asString());
            assertThat(Instant.parse(item.path("expiresAt").asString()))
                    .isEqualTo(revokedAt.plus(Duration.ofMinutes(15)));
        }
        // the next cursor is the last item's: asking with it gives nothing new
        assertThat(items(page(page.path("next").asString()))).isEmpty();
    }

    @Test
    void shouldEndTheLoginWhenLoggingOutWithARefreshTokenAlreadyRotatedAway() {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        JsonNode untouched = TestHttp.json(citizen.loginWithMpin(mobile, MPIN));
        String rotated = registered.path("refresh_token").asString();
        HttpResponse<String> refreshed = citizen.refresh(rotated);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode current = TestHttp.json(refreshed);
        String cursor = latestCursor();

        // an app that missed the refresh's answer logs out with the token it still has
        assertThat(citizen.logout(rotated).statusCode()).isEqualTo(204);

        // the login is over: its current refresh token no longer refreshes, and its access tokens
        // (all carrying its sid) are listed for the gateway to refuse
        assertProblem(citizen.refresh(current.path("refresh_token").asString()), 401, "REFRESH_TOKEN_INVALID");
        List<JsonNode> items = items(page(cursor));
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("sid").asString()).isEqualTo(sid(current)).isEqualTo(sid(registered));
        assertThat(items.get(0).path("reason").asString()).isEqualTo("LOGOUT");
        // the citizen's other login goes on
        assertThat(citizen.refresh(untouched.path("refresh_token").asString()).statusCode())
                .isEqualTo(200);
        // and a second logout with either token changes nothing more
        assertThat(citizen.logout(rotated).statusCode()).isEqualTo(204);
        assertThat(citizen.logout(current.path("refresh_token").asString()).statusCode())
                .isEqualTo(204);
        assertThat(items(page(cursor))).hasSize(1);
    }

    @Test
    void shouldNeverLetARefreshRacingALogoutWithTheRotatedTokenBringTheLoginBack() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, MPIN);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 12; round++) {
                String first = TestHttp.json(citizen.loginWithMpin(mobile, MPIN))
                        .path("refresh_token")
                        .asString();
                String second = TestHttp.json(citizen.refresh(first))
                        .path("refresh_token")
                        .asString();
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Future<HttpResponse<String>> refresh = pool.submit(() -> {
                    go.await();
                    return citizen.refresh(second);
                });
                java.util.concurrent.Future<HttpResponse<String>> logout = pool.submit(() -> {
                    go.await();
                    return citizen.logout(first);
                });
                go.countDown();
                assertThat(logout.get().statusCode()).isEqualTo(204);
                HttpResponse<String> refreshed = refresh.get();
                if (refreshed.statusCode() == 200) {
                    // refreshed before the logout ended the login: what it gave ends with it
                    String third =
                            TestHttp.json(refreshed).path("refresh_token").asString();
                    assertThat(citizen.refresh(third).statusCode())
                            .as("round %d: the login must stay ended", round)
                            .isEqualTo(401);
                } else {
                    assertProblem(refreshed, 401, "REFRESH_TOKEN_INVALID");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldListEveryLoginEndedByAnMpinReset() {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode first = citizen.registered(mobile, MPIN);
        JsonNode second = TestHttp.json(citizen.loginWithMpin(mobile, MPIN));
        clock.advance(Duration.ofSeconds(31));
        String otpRef = citizen.otpRef(mobile, "RESET_MPIN");
        String cursor = latestCursor();

        HttpResponse<String> reset = http.postJson(
                "/api/v1/auth/mpin-reset",
                "{\"mobile\": \"" + mobile + "\", \"otpRef\": \"" + otpRef + "\", \"otp\": \"" + citizen.lastOtp(mobile)
                        + "\", \"newMpin\": \"730158\"}");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);

        List<JsonNode> items = items(page(cursor));
        assertThat(items).extracting(i -> i.path("sid").asString()).containsExactlyInAnyOrder(sid(first), sid(second));
        assertThat(items).allMatch(i -> i.path("reason").asString().equals("ALL_LOGINS_ENDED"));
        // a login made after the reset is not revoked
        JsonNode after = TestHttp.json(citizen.loginWithMpin(mobile, "730158"));
        assertThat(items(page(cursor))).noneMatch(i -> i.path("sid").asString().equals(sid(after)));
    }

    @Test
    void shouldListAnErasedCitizenWithEveryTokenIssuedBeforeTheErasure() {
        JsonNode registered = citizen.registered(UserServiceTestSupport.newMobile(), MPIN);
        String citizenId = registered.path("user").path("id").asString();
        String accessToken = registered.path("access_token").asString();
        String cursor = latestCursor();

        HttpResponse<String> erased = citizen.erase(accessToken, MPIN);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);

        List<JsonNode> items = items(page(cursor));
        assertThat(items).hasSize(1);
        JsonNode item = items.get(0);
        assertThat(item.path("citizenId").asString()).isEqualTo(citizenId);
        assertThat(item.path("reason").asString()).isEqualTo("ACCOUNT_ERASED");
        assertThat(item.has("sid")).isFalse();
        Instant notBefore = Instant.parse(item.path("notBefore").asString());
        assertThat(claims(accessToken).getIssueTime().toInstant()).isBefore(notBefore);
        assertThat(notBefore).isAfter(Instant.parse(item.path("revokedAt").asString()));
    }

    @Test
    void shouldListWhatTheRevocationEndpointRevokes() throws ParseException {
        String admin = citizen.accessToken("platform-admin", "local-admin-secret", "admin");
        JsonNode login = citizen.registered(UserServiceTestSupport.newMobile(), MPIN);
        JsonNode otherLogin = citizen.registered(UserServiceTestSupport.newMobile(), MPIN);
        String cursor = latestCursor();

        // RFC 7009: a machine client's access token, a citizen's refresh token (its login ends), a
        // citizen's access token (that token alone), and a token nobody knows (200, nothing listed)
        assertThat(revoke("platform-admin:local-admin-secret", admin).statusCode())
                .isEqualTo(200);
        assertThat(revoke(APP_CLIENT, login.path("refresh_token").asString()).statusCode())
                .isEqualTo(200);
        String otherAccessToken = otherLogin.path("access_token").asString();
        assertThat(revoke(APP_CLIENT, otherAccessToken).statusCode()).isEqualTo(200);
        assertThat(revoke(APP_CLIENT, "no-such-token").statusCode()).isEqualTo(200);

        List<JsonNode> items = items(page(cursor));
        assertThat(items).hasSize(3);
        assertThat(items).allMatch(i -> i.path("reason").asString().equals("TOKEN_REVOKED"));
        assertThat(items.get(0).path("jti").asString()).isEqualTo(claims(admin).getJWTID());
        assertThat(items.get(0).has("sid")).isFalse();
        assertThat(items.get(1).path("sid").asString()).isEqualTo(sid(login));
        assertThat(items.get(1).has("jti")).isFalse();
        assertThat(items.get(2).path("jti").asString())
                .isEqualTo(claims(otherAccessToken).getJWTID());
        assertThat(items.get(2).has("sid")).isFalse();
        for (JsonNode item : items) {
            assertThat(item.has("citizenId")).isFalse();
            assertThat(Instant.parse(item.path("expiresAt").asString()))
                    .isEqualTo(Instant.parse(item.path("revokedAt").asString()).plus(Duration.ofMinutes(15)));
        }
        // the refresh token revoked no longer refreshes; the other login's refresh token still does
        assertThat(citizen.refresh(login.path("refresh_token").asString()).statusCode())
                .isEqualTo(401);
        assertThat(citizen.refresh(otherLogin.path("refresh_token").asString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldAnswerTheGatewaysRevocationsTokenOnly() {
        String citizenToken = citizen.registered(UserServiceTestSupport.newMobile(), MPIN)
                .path("access_token")
                .asString();
        // our other services' tokens (scope service) have no business here
        String serviceToken = citizen.accessToken("catalog-service", "test-catalog-secret", "service");

        assertProblem(
                http.get("/internal/v1/revocations", "Authorization", "Bearer " + citizenToken), 403, "FORBIDDEN");
        assertProblem(
                http.get("/internal/v1/revocations", "Authorization", "Bearer " + serviceToken), 403, "FORBIDDEN");
        assertProblem(http.get("/internal/v1/revocations"), 401, "UNAUTHENTICATED");
        assertThat(http.get("/internal/v1/revocations", "Authorization", "Bearer " + gatewayToken)
                        .statusCode())
                .isEqualTo(200);
        assertProblem(
                http.get("/internal/v1/revocations?after=-1", "Authorization", "Bearer " + gatewayToken),
                400,
                "VALIDATION_FAILED");
    }

    /**
     * The gateway faces the internet: its client gets scope {@code revocations} and nothing else,
     * whatever it asks for, so a stolen gateway credential reaches no other {@code /internal}
     * endpoint (and, at catalog-service and payment-service, acts for no citizen, calls no
     * service-only operation and erases nobody: their tests).
     */
    @Test
    void shouldGiveTheGatewaysClientScopeRevocationsAlone() throws Exception {
        HttpResponse<String> asked = citizen.clientCredentials("gateway-service", "test-gateway-secret", "service");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(400);
        assertThat(TestHttp.json(asked).path("error").asString()).isEqualTo("invalid_scope");
        HttpResponse<String> both =
                citizen.clientCredentials("gateway-service", "test-gateway-secret", "revocations%20service");
        assertThat(both.statusCode()).as(both.body()).isEqualTo(400);

        // without a scope: every scope it was registered with, which is only this one
        HttpResponse<String> defaulted = citizen.clientCredentials("gateway-service", "test-gateway-secret", "");
        assertThat(defaulted.statusCode()).as(defaulted.body()).isEqualTo(200);
        String token = TestHttp.json(defaulted).path("access_token").asString();
        assertThat(claims(token).getStringListClaim("scope")).containsExactly("revocations");
        assertThat(claims(gatewayToken).getStringListClaim("scope")).containsExactly("revocations");

        assertThat(http.get("/internal/v1/revocations", "Authorization", "Bearer " + token)
                        .statusCode())
                .isEqualTo(200);
        String citizenId = claims(citizen.registered(UserServiceTestSupport.newMobile(), MPIN)
                        .path("access_token")
                        .asString())
                .getSubject();
        assertProblem(
                http.postJson(
                        "/internal/v1/users/" + citizenId + "/recent",
                        "{\"serviceCode\": \"EPFO-PASSBOOK\"}",
                        "Authorization",
                        "Bearer " + token),
                403,
                "FORBIDDEN");
        assertProblem(http.get("/api/v1/users/me", "Authorization", "Bearer " + token), 403, "FORBIDDEN");
    }

    @Test
    void shouldPageAndListOnlyWhatCanStillBeUnexpired() {
        String cursor = latestCursor();
        List<String> loginIds = IntStream.range(0, Revocations.PAGE_SIZE + 3)
                .mapToObj(i -> UUID.randomUUID().toString())
                .toList();
        revocations.revokeLogins("citizen-paged", loginIds, Revocations.Reason.LOGOUT);

        JsonNode first = page(cursor);
        assertThat(items(first)).hasSize(Revocations.PAGE_SIZE);
        assertThat(first.path("more").asBoolean()).isTrue();
        JsonNode second = page(first.path("next").asString());
        assertThat(items(second)).hasSize(3);
        assertThat(second.path("more").asBoolean()).isFalse();
        List<String> listed = new ArrayList<>();
        items(first).forEach(i -> listed.add(i.path("sid").asString()));
        items(second).forEach(i -> listed.add(i.path("sid").asString()));
        assertThat(listed).containsExactlyElementsOf(loginIds);

        // once every token they revoke has expired (15 minutes and the margin), they are not listed
        clock.advance(Duration.ofMinutes(15)
                .plus(Revocations.LISTED_BEYOND_TOKEN_LIFETIME)
                .plusSeconds(1));
        assertThat(items(page(cursor))).isEmpty();
    }

    private HttpResponse<String> revoke(String client, String token) {
        return http.send(http.request("/oauth2/revoke")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(client.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
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

    private JsonNode page(String after) {
        HttpResponse<String> response =
                http.get("/internal/v1/revocations?after=" + after, "Authorization", "Bearer " + gatewayToken);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    private static String sid(JsonNode tokenResponse) {
        try {
            return claims(tokenResponse.path("access_token").asString()).getStringClaim("sid");
        } catch (ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static JWTClaimsSet claims(String accessToken) {
        try {
            return SignedJWT.parse(accessToken).getJWTClaimsSet();
        } catch (ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

package org.janseva.user.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import tools.jackson.databind.JsonNode;

/** user-service checks tokens on its own API like any service: every bad one is a 401. */
@UserServiceTest
class TokenRefusalIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JwtEncoder encoder;

    TestHttp http;
    Citizen citizen;
    String citizenId;
    String token;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        citizen = new Citizen(http);
        var registered = citizen.registered(UserServiceTestSupport.newMobile(), "482916");
        citizenId = registered.path("user").path("id").asString();
        token = registered.path("access_token").asString();
    }

    @Test
    void shouldRefuseTokensSignedByAnotherKeyUnsignedOrTampered() {
        TestTokenIssuer other = TestTokenIssuer.shared();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"citizen\"", "\"admin\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + parts[1] + ".";
        for (String bad : List.of(other.citizenToken(citizenId), tampered, unsigned, "garbage")) {
            assertProblem(citizen.get("/api/v1/users/me", bad), 401, "UNAUTHENTICATED");
        }
    }

    @Test
    void shouldRefuseOurOwnKeysTokensWhenExpiredOrForAnotherIssuerOrAudience() {
        Instant now = Instant.now();
        assertProblem(
                citizen.get("/api/v1/users/me", mint("http://localhost:8080", "janseva", now.minusSeconds(3600))),
                401,
                "UNAUTHENTICATED");
        assertProblem(
                citizen.get("/api/v1/users/me", mint("https://evil.example", "janseva", now)), 401, "UNAUTHENTICATED");
        assertProblem(
                citizen.get("/api/v1/users/me", mint("http://localhost:8080", "other-api", now)),
                401,
                "UNAUTHENTICATED");
    }

    @Test
    void shouldIgnoreAnExpiredOrGarbageTokenOnTheAuthEndpointsButNotOnTheCitizensApi() {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, "482916");
        String refreshToken = registered.path("refresh_token").asString();
        String expired = mint("http://localhost:8080", "janseva", Instant.now().minusSeconds(3600));

        for (String bad : List.of(expired, "garbage")) {
            String header = "Bearer " + bad;
            HttpResponse<String> refreshed = http.postJson(
                    "/api/v1/auth/refresh", "{\"refresh_token\": \"" + refreshToken + "\"}", "Authorization", header);
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            refreshToken = TestHttp.json(refreshed).path("refresh_token").asString();

            HttpResponse<String> login = http.postJson(
                    "/api/v1/auth/login",
                    "{\"mobile\": \"" + mobile + "\", \"mpin\": \"482916\"}",
                    "Authorization",
                    header);
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

            assertProblem(citizen.get("/api/v1/users/me", bad), 401, "UNAUTHENTICATED");
        }
    }

    @Test
    void shouldRefuseACitizenOnAnAdminScopeAndAMachineOnTheCitizensApi() {
        String admin = citizen.accessToken("platform-admin", "local-admin-secret", "admin");
        assertProblem(citizen.get("/api/v1/users/me", admin), 403, "FORBIDDEN");
    }

    private String mint(String issuer, String audience, Instant issuedAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(citizenId)
                .audience(List.of(audience))
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plusSeconds(900))
                .claim("scope", List.of("citizen"))
                .build();
        return encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }
}

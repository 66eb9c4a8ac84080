package org.janseva.user.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.janseva.platform.security.PlatformSecurityAutoConfiguration;
import org.janseva.platform.security.PlatformSecurityProperties;
import org.janseva.platform.test.ProblemAssertions;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.UserServiceApplication;
import org.janseva.user.UserServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;

/**
 * The authorization server over real HTTP: machine clients, the JWKS, the metadata, tokens that
 * any resource server of the platform accepts, and signing keys that survive a restart.
 */
@UserServiceTest
class AuthorizationServerIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    PlatformSecurityProperties security;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @Test
    void shouldIssueAnAdminTokenToPlatformAdminByClientCredentials() throws Exception {
        HttpResponse<String> response = clientCredentials("platform-admin", "local-admin-secret", "admin");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = TestHttp.json(response);
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isBetween(1L, 900L);
        assertThat(body.path("scope").asString()).isEqualTo("admin");

        SignedJWT jwt = SignedJWT.parse(body.path("access_token").asString());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("platform-admin");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(security.issuer());
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("janseva");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("admin");
        long lifetime = jwt.getJWTClaimsSet().getExpirationTime().getTime()
                - jwt.getJWTClaimsSet().getIssueTime().getTime();
        assertThat(Duration.ofMillis(lifetime)).isLessThanOrEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldGiveAClientItsRegisteredScopesWhenItAsksForNone() throws Exception {
        String basic = Base64.getEncoder()
                .encodeToString("platform-admin:local-admin-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(http.request("/oauth2/token")
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = TestHttp.json(response);
        assertThat(body.path("scope").asString()).isEqualTo("admin");
        assertThat(SignedJWT.parse(body.path("access_token").asString())
                        .getJWTClaimsSet()
                        .getStringListClaim("scope"))
                .containsExactly("admin");
    }

    @Test
    void shouldPublishOnlyWhatThePlatformOffersInItsMetadata() {
        JsonNode metadata = TestHttp.json(http.get("/.well-known/oauth-authorization-server"));

        assertThat(metadata.path("token_endpoint_auth_methods_supported")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("client_secret_basic");
        assertThat(metadata.path("revocation_endpoint_auth_methods_supported")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("client_secret_basic");
        assertThat(metadata.path("grant_types_supported").valueStream().map(JsonNode::asString))
                // no refresh_token: /oauth2/token does not offer it (the apps refresh at /api/v1/auth/refresh)
                .containsExactlyInAnyOrder(
                        "client_credentials",
                        "urn:janseva:params:oauth:grant-type:otp",
                        "urn:janseva:params:oauth:grant-type:mpin");
        assertThat(metadata.has("tls_client_certificate_bound_access_tokens")).isFalse();
        assertThat(metadata.has("dpop_signing_alg_values_supported")).isFalse();
        assertThat(metadata.path("token_endpoint").asString()).endsWith("/oauth2/token");
    }

    @Test
    void shouldAnswerTheAuthorizationEndpointThatNoClientUsesWithAProblemNotA500() {
        for (String query : List.of(
                "?response_type=code&client_id=janseva-app",
                "?response_type=code&client_id=platform-admin",
                "?response_type=code&client_id=nobody",
                "")) {
            // the path in another spelling reached the library's endpoint, which answered 500
            JsonNode problem = ProblemAssertions.assertProblem(
                    http.get((query.contains("platform-admin") ? "/oauth2/%61uthorize" : "/oauth2/authorize") + query),
                    400,
                    "VALIDATION_FAILED");
            assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("response_type");
            assertThat(problem.path("detail").asString()).contains("not offered");
        }
    }

    @Test
    void shouldRefuseAWrongClientSecret() {
        HttpResponse<String> response = clientCredentials("platform-admin", "not-the-secret", "admin");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestHttp.json(response).path("error").asString()).isEqualTo("invalid_client");
        // RFC 6749 5.2: authenticated with the Authorization header, so challenged in its scheme
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .contains("Basic realm=\"janseva\", charset=\"UTF-8\"");
        // the same on the revocation endpoint, and for a client that does not exist
        HttpResponse<String> revoke = http.send(http.request("/oauth2/revoke")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder().encodeToString("nobody:nothing".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("token=abc"))
                .build());
        assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(401);
        assertThat(revoke.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
    }

    @Test
    void shouldAuthenticateMachineClientsWithHttpBasicOnly() {
        // client_secret_post: the right id and secret, but in the form body
        HttpResponse<String> inTheBody = http.send(http.request("/oauth2/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=admin"
                        + "&client_id=platform-admin&client_secret=local-admin-secret"))
                .build());

        assertThat(inTheBody.statusCode()).as(inTheBody.body()).isEqualTo(401);
        assertThat(TestHttp.json(inTheBody).path("error").asString()).isEqualTo("invalid_client");
        // no Authorization header, so no challenge (RFC 6749 5.2)
        assertThat(inTheBody.headers().firstValue("WWW-Authenticate")).isEmpty();
        // the same client with HTTP Basic (client_secret_basic) gets its token
        assertThat(clientCredentials("platform-admin", "local-admin-secret", "admin")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseAScopeTheClientWasNotGiven() {
        HttpResponse<String> response = clientCredentials("catalog-service", "test-catalog-secret", "admin");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response).path("error").asString()).isEqualTo("invalid_scope");
    }

    @Test
    void shouldIssueServiceTokensToOurOwnServicesThatAResourceServerAccepts() {
        String token = accessToken("catalog-service", "test-catalog-secret", "service");

        Jwt jwt = resourceServerDecoder(URI.create("http://localhost:" + port + "/oauth2/jwks"))
                .decode(token);

        assertThat(jwt.getSubject()).isEqualTo("catalog-service");
        assertThat(jwt.getClaimAsStringList("scope")).containsExactly("service");
        assertThat(accessToken("payment-service", "test-payment-secret", "service"))
                .isNotBlank();
    }

    @Test
    void shouldPublishItsKeysAndMetadata() throws Exception {
        String token = accessToken("platform-admin", "local-admin-secret", "admin");
        JsonNode jwks = TestHttp.json(http.get("/oauth2/jwks"));
        List<String> kids = jwks.path("keys").findValuesAsString("kid");

        assertThat(kids).contains(SignedJWT.parse(token).getHeader().getKeyID());
        assertThat(jwks.toString()).doesNotContain("\"d\"").doesNotContain("\"p\"");

        JsonNode metadata = TestHttp.json(http.get("/.well-known/oauth-authorization-server"));
        assertThat(metadata.path("issuer").asString()).isEqualTo(security.issuer());
        assertThat(metadata.path("token_endpoint").asString()).endsWith("/oauth2/token");

        // the OpenID Connect name for it is not served (no OIDC here): a plain 404 for anyone, not
        // a demand for a token on a path every client reads before it has one
        for (String path : List.of("/.well-known/openid-configuration", "/.well-known/no-such-document")) {
            ProblemAssertions.assertProblem(http.get(path), 404, "RESOURCE_NOT_FOUND");
        }
    }

    @Test
    void shouldAnswerAPathUnderOauth2ThatIsNoEndpointWithA404ForAnyone() {
        for (String path : List.of("/oauth2/foo", "/oauth2/jwks/extra", "/oauth2/v2/token")) {
            ProblemAssertions.assertProblem(http.get(path), 404, "RESOURCE_NOT_FOUND");
            // a token that does not verify is no reason for a 401 on a public path either
            ProblemAssertions.assertProblem(
                    http.get(path, "Authorization", "Bearer not-a-token"), 404, "RESOURCE_NOT_FOUND");
        }

        // the endpoints themselves still authenticate their clients (their own filter chain)
        HttpResponse<String> anonymousToken = http.send(http.request("/oauth2/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());
        assertThat(anonymousToken.statusCode()).isEqualTo(401);
        HttpResponse<String> anonymousRevoke = http.send(http.request("/oauth2/revoke")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=x"))
                .build());
        assertThat(anonymousRevoke.statusCode()).isEqualTo(401);
        assertThat(http.get("/oauth2/jwks").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAcceptATokenIssuedBeforeARestartAfterIt() throws Exception {
        String token = accessToken("platform-admin", "local-admin-secret", "admin");
        String kid = SignedJWT.parse(token).getHeader().getKeyID();

        // another instance started on the same database stands for user-service after a restart
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(UserServiceApplication.class)
                .profiles("test")
                .run(
                        "--server.port=0",
                        "--spring.datasource.url="
                                + SharedEmbeddedPostgres.get().jdbcUrl("users"),
                        "--spring.datasource.username="
                                + SharedEmbeddedPostgres.get().username(),
                        "--spring.datasource.password="
                                + SharedEmbeddedPostgres.get().password())) {
            int restartedPort =
                    ((WebServerApplicationContext) restarted).getWebServer().getPort();
            Jwt jwt = resourceServerDecoder(URI.create("http://localhost:" + restartedPort + "/oauth2/jwks"))
                    .decode(token);
            assertThat(jwt.getSubject()).isEqualTo("platform-admin");

            String after = TestHttp.json(ClientCredentialsRequest.send(
                            TestHttp.localhost(restartedPort), "platform-admin", "local-admin-secret", "admin"))
                    .path("access_token")
                    .asString();
            assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(kid);
        }
    }

    private NimbusJwtDecoder resourceServerDecoder(URI jwks) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwks.toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(PlatformSecurityAutoConfiguration.tokenValidator(security));
        return decoder;
    }

    private String accessToken(String clientId, String secret, String scope) {
        HttpResponse<String> response = clientCredentials(clientId, secret, scope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response).path("access_token").asString();
    }

    private HttpResponse<String> clientCredentials(String clientId, String secret, String scope) {
        return ClientCredentialsRequest.send(http, clientId, secret, scope);
    }

    static final class ClientCredentialsRequest {
        static HttpResponse<String> send(TestHttp http, String clientId, String secret, String scope) {
            String basic =
                    Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
            return http.send(http.request("/oauth2/token")
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope))
                    .build());
        }
    }
}

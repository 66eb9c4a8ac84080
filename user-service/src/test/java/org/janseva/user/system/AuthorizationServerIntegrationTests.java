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
import org.springframework.http.MediaType;
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

    /**
     * RFC 6749 3.2: a parameter sent without a value is omitted, so {@code scope=} (or only white
     * space) asks for the default, not for no scope; the library granted a token without one.
     */
    @Test
    void shouldGiveAClientItsRegisteredScopesWhenItsScopeIsEmptyOrBlank() throws Exception {
        for (String scope : List.of("", "%20", "%09", "%20%20%09")) {
            HttpResponse<String> response = clientCredentials("platform-admin", "local-admin-secret", scope);

            assertThat(response.statusCode())
                    .as("scope=%s: %s", scope, response.body())
                    .isEqualTo(200);
            JsonNode body = TestHttp.json(response);
            assertThat(body.path("scope").asString()).as("scope=%s", scope).isEqualTo("admin");
            assertThat(SignedJWT.parse(body.path("access_token").asString())
                            .getJWTClaimsSet()
                            .getStringListClaim("scope"))
                    .as("scope=%s", scope)
                    .containsExactly("admin");
        }
    }

    /**
     * Only the form body counts, as for the library's converters: a {@code scope} in the query
     * string is not sent (it was, for the default, so the token had none); {@code scope} twice is
     * an {@code invalid_request} (RFC 6749 3.2), also when the first is empty.
     */
    @Test
    void shouldReadTheScopeFromTheFormBodyOnceOnly() throws Exception {
        // a scope the library would not read, in the query or in the body beside a query string
        // that contains its name: refused, never answered with the default scopes (which could be
        // more than was asked for: here admin, for a request of citizen)
        for (String[] request : List.of(
                new String[] {"/oauth2/token?scope=admin", "grant_type=client_credentials"},
                new String[] {"/oauth2/token?x=scope", "grant_type=client_credentials&scope=citizen"},
                new String[] {"/oauth2/token?utm=microscope", "grant_type=client_credentials&scope=admin"})) {
            HttpResponse<String> refused = tokenRequest(request[0], request[1]);
            assertThat(refused.statusCode())
                    .as("%s %s: %s", request[0], request[1], refused.body())
                    .isEqualTo(400);
            assertThat(TestHttp.json(refused).path("error").asString()).isEqualTo("invalid_request");
        }
        // a query string that merely contains the word, with no scope anywhere: the default
        HttpResponse<String> noScope = tokenRequest("/oauth2/token?utm=microscope", "grant_type=client_credentials");
        assertThat(noScope.statusCode()).as(noScope.body()).isEqualTo(200);
        assertThat(SignedJWT.parse(TestHttp.json(noScope).path("access_token").asString())
                        .getJWTClaimsSet()
                        .getStringListClaim("scope"))
                .containsExactly("admin");

        for (String form : List.of(
                "grant_type=client_credentials&scope=&scope=admin",
                "grant_type=client_credentials&scope=admin&scope=",
                "grant_type=client_credentials&scope=admin&scope=admin")) {
            HttpResponse<String> twice = tokenRequest("/oauth2/token", form);
            assertThat(twice.statusCode()).as("%s: %s", form, twice.body()).isEqualTo(400);
            assertThat(TestHttp.json(twice).path("error").asString()).isEqualTo("invalid_request");
        }
    }

    /**
     * A method an endpoint does not take is a 405 with {@code Allow}, as on the rest of the API;
     * the library matches its endpoints by method, so these fell through to a 404.
     */
    @Test
    void shouldAnswerAMethodAnEndpointDoesNotTakeWith405AndAllow() {
        record Case(String method, String path, String allow) {}
        for (Case c : List.of(
                new Case("GET", "/oauth2/token", "POST"),
                new Case("PUT", "/oauth2/token", "POST"),
                new Case("DELETE", "/oauth2/revoke", "POST"),
                new Case("GET", "/oauth2/introspect", "POST"),
                new Case("POST", "/oauth2/jwks", "GET,HEAD"),
                new Case("DELETE", "/oauth2/jwks", "GET,HEAD"),
                new Case("POST", "/.well-known/oauth-authorization-server", "GET,HEAD"),
                new Case("PATCH", "/.well-known/oauth-authorization-server", "GET,HEAD"))) {
            HttpResponse<String> response = send(c.method(), c.path());

            ProblemAssertions.assertProblem(response, 405, "METHOD_NOT_ALLOWED");
            assertThat(response.headers().firstValue("Allow"))
                    .as("%s %s", c.method(), c.path())
                    .contains(c.allow());
        }
        // the same answer as Spring MVC gives on the API
        HttpResponse<String> api = send("GET", "/api/v1/auth/otp");
        ProblemAssertions.assertProblem(api, 405, "METHOD_NOT_ALLOWED");
        assertThat(api.headers().firstValue("Allow")).contains("POST");

        // OPTIONS says which methods, as Spring MVC does
        HttpResponse<String> options = send("OPTIONS", "/oauth2/token");
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("Allow")).contains("POST,OPTIONS");
        assertThat(send("OPTIONS", "/oauth2/jwks").headers().firstValue("Allow"))
                .contains("GET,HEAD,OPTIONS");
    }

    /** HEAD is GET without the body (RFC 9110 9.3.2): the JWKS and the metadata answered it 404. */
    @Test
    void shouldAnswerHeadOnTheJwksAndTheMetadataAsGetWithoutTheBody() {
        for (String path : List.of("/oauth2/jwks", "/.well-known/oauth-authorization-server")) {
            HttpResponse<String> get = http.get(path);
            HttpResponse<String> head = send("HEAD", path);

            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("Content-Type"))
                    .as(path)
                    .isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.headers().firstValueAsLong("Content-Length"))
                    .as(path)
                    .hasValue((long) get.body().getBytes(StandardCharsets.UTF_8).length);
        }
        // the OpenID Connect document is not served, whatever the method
        ProblemAssertions.assertProblem(http.get("/.well-known/openid-configuration"), 404, "RESOURCE_NOT_FOUND");
        assertThat(send("HEAD", "/.well-known/openid-configuration").statusCode())
                .isEqualTo(404);
    }

    /**
     * RFC 6749 5.2: no client credentials (or a bearer token, which these endpoints never take) is
     * a 401 {@code invalid_client} challenged with the scheme they take, not the resource
     * servers' {@code UNAUTHENTICATED} problem asking for a bearer token.
     */
    @Test
    void shouldAnswerARequestWithoutClientCredentialsWithInvalidClient() {
        String token = accessToken("platform-admin", "local-admin-secret", "admin");
        record Case(String path, String form, String[] headers) {}
        for (Case c : List.of(
                new Case("/oauth2/token", "grant_type=client_credentials", new String[0]),
                new Case("/oauth2/token", "grant_type=client_credentials&scope=admin", new String[] {
                    "Authorization", "Bearer " + token
                }),
                new Case("/oauth2/revoke", "token=abc", new String[0]),
                new Case("/oauth2/introspect", "token=" + token, new String[0]))) {
            HttpRequest.Builder request = http.request(c.path())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(c.form()));
            if (c.headers().length > 0) {
                request.headers(c.headers());
            }
            HttpResponse<String> response = http.send(request.build());

            assertThat(response.statusCode())
                    .as("%s: %s", c.path(), response.body())
                    .isEqualTo(401);
            assertThat(TestHttp.json(response).path("error").asString()).isEqualTo("invalid_client");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .as(c.path())
                    .contains("Basic realm=\"janseva\", charset=\"UTF-8\"");
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        }
    }

    /** JSON is UTF-8 (RFC 8259): the JWKS was labelled ISO-8859-1, the servlet writer's default. */
    @Test
    void shouldLabelEveryJsonAnswerOfTheAuthorizationServerAsUtf8() {
        String token = accessToken("platform-admin", "local-admin-secret", "admin");
        List<HttpResponse<String>> answers = List.of(
                http.get("/oauth2/jwks"),
                http.get("/.well-known/oauth-authorization-server"),
                clientCredentials("platform-admin", "local-admin-secret", "admin"),
                clientCredentials("platform-admin", "local-admin-secret", "nope"),
                clientCredentials("platform-admin", "not-the-secret", "admin"),
                tokenRequest("/oauth2/introspect", "token=" + token),
                send("POST", "/oauth2/jwks"));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.headers().firstValue("Content-Type"))
                    .as("%s %s", answer.request().method(), answer.request().uri())
                    .hasValueSatisfying(type -> assertThat(MediaType.parseMediaType(type))
                            .satisfies(media -> assertThat(media.getSubtype()).endsWith("json"))
                            .satisfies(media -> assertThat(media.getCharset()).isEqualTo(StandardCharsets.UTF_8)));
        }
        assertThat(http.get("/oauth2/jwks").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).doesNotContainIgnoringCase("ISO-8859-1"));
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

    private HttpResponse<String> send(String method, String path) {
        return http.send(http.request(path)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** A form posted with platform-admin's credentials. */
    private HttpResponse<String> tokenRequest(String pathAndQuery, String form) {
        String basic = Base64.getEncoder()
                .encodeToString("platform-admin:local-admin-secret".getBytes(StandardCharsets.UTF_8));
        return http.send(http.request(pathAndQuery)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
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

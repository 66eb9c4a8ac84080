package org.janseva.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.janseva.platform.core.security.ServiceTokenClient;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The shared resource-server support in a small servlet application, verifying tokens from the
 * test issuer's JWKS over real HTTP.
 */
@WithTestTokenIssuer
@SpringBootTest(
        classes = PlatformSecurityIntegrationTests.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.security.public-paths[0]=GET /test/open/**",
            "platform.security.scoped-paths[0].pattern=/test/admin/**",
            "platform.security.scoped-paths[0].scopes=admin",
            "platform.security.scoped-paths[1].pattern=/test/reports/**",
            "platform.security.scoped-paths[1].methods=GET",
            "platform.security.scoped-paths[1].scopes=admin",
            "platform.security.client.id=catalog-service",
            "platform.security.client.secret=test-secret"
        })
@ExtendWith(OutputCaptureExtension.class)
class PlatformSecurityIntegrationTests {

    static final TestTokenIssuer tokens = TestTokenIssuer.shared();

    @LocalServerPort
    int port;

    @Autowired
    ServiceTokenClient serviceTokenClient;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @Test
    void shouldAnswerARequestWithoutATokenWithAnUnauthenticatedProblem() {
        HttpResponse<String> response = http.get("/test/me");

        assertProblem(response, 401, "UNAUTHENTICATED");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void shouldGiveTheControllerTheCitizenOfAValidToken() {
        HttpResponse<String> response = http.get("/test/me", "Authorization", bearer(tokens.citizenToken("c-42")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode caller = TestHttp.json(response);
        assertThat(caller.path("subject").asString()).isEqualTo("c-42");
        assertThat(caller.path("citizenId").asString()).isEqualTo("c-42");
        assertThat(caller.path("scopes").get(0).asString()).isEqualTo("citizen");
    }

    @Test
    void shouldRefuseEveryBadTokenWithAnUnauthenticatedProblem() {
        Map<String, String> bad = Map.of(
                "alg none", tokens.unsignedToken("c-1"),
                "other key", tokens.otherKeyToken("c-1"),
                "tampered", tokens.tamperedToken("c-1"),
                "expired", tokens.expiredToken("c-1"),
                "wrong issuer", tokens.wrongIssuerToken("c-1"),
                "wrong audience", tokens.wrongAudienceToken("c-1"),
                "garbage", "not.a.jwt");
        bad.forEach((what, token) -> {
            HttpResponse<String> response = http.get("/test/me", "Authorization", bearer(token));
            assertThat(response.statusCode()).as(what).isEqualTo(401);
            assertProblem(response, 401, "UNAUTHENTICATED");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .as(what)
                    .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        });
    }

    @Test
    void shouldRefuseACitizenTokenOnAnAdminPathWithAForbiddenProblem() {
        assertProblem(
                http.get("/test/admin/thing", "Authorization", bearer(tokens.citizenToken("c-1"))), 403, "FORBIDDEN");
        assertThat(http.get("/test/admin/thing", "Authorization", bearer(tokens.adminToken("platform-admin")))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldOpenADeclaredPublicPathForItsMethodOnly() {
        assertThat(http.get("/test/open/list").statusCode()).isEqualTo(200);
        assertProblem(http.postJson("/test/open/list", "{}"), 401, "UNAUTHENTICATED");
    }

    /** HEAD is GET without the body (RFC 9110 9.3.2): an uptime monitor's HEAD on a public GET path. */
    @Test
    void shouldOpenADeclaredGetPathForHeadToo() {
        HttpResponse<String> head = head("/test/open/list");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head("/test/open/who", "Authorization", bearer(tokens.expiredToken("c-1")))
                        .statusCode())
                .isEqualTo(200);
        // a path that is not public stays closed to HEAD
        assertProblem(http.get("/test/me"), 401, "UNAUTHENTICATED");
        assertThat(head("/test/me").statusCode()).isEqualTo(401);
    }

    /** OPTIONS asks which methods a path takes (RFC 9110 9.3.7): open where the GET is, not elsewhere. */
    @Test
    void shouldOpenADeclaredGetPathForOptionsToo() {
        HttpResponse<String> options = send("OPTIONS", "/test/open/list");

        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
        assertThat(send("OPTIONS", "/test/me").statusCode()).isEqualTo(401);
        assertThat(send("OPTIONS", "/test/reports/daily", "Authorization", bearer(tokens.citizenToken("c-1")))
                        .statusCode())
                .isEqualTo(403);
    }

    /** A GET rule scoped to admin holds for HEAD too, instead of letting any valid token through. */
    @Test
    void shouldScopeHeadLikeGet() {
        String citizen = bearer(tokens.citizenToken("c-1"));
        String admin = bearer(tokens.adminToken("platform-admin"));

        assertProblem(http.get("/test/reports/daily", "Authorization", citizen), 403, "FORBIDDEN");
        assertThat(head("/test/reports/daily", "Authorization", citizen).statusCode())
                .isEqualTo(403);
        assertThat(head("/test/reports/daily", "Authorization", admin).statusCode())
                .isEqualTo(200);
        // the rule names GET only: POST is not scoped by it
        assertThat(http.postJson("/test/reports/daily", "{}", "Authorization", citizen)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldIgnoreARefusedTokenOnAPublicPathButNotElsewhere() {
        Map<String, String> bad = Map.of(
                "expired", bearer(tokens.expiredToken("c-1")),
                "other key", bearer(tokens.otherKeyToken("c-1")),
                "garbage", bearer("not.a.jwt"),
                "malformed", "Bearer not a token!");
        bad.forEach((what, header) -> {
            HttpResponse<String> open = http.get("/test/open/who", "Authorization", header);
            assertThat(open.statusCode()).as(what).isEqualTo(200);
            assertThat(TestHttp.json(open).path("caller").asString()).as(what).isEqualTo("anonymous");
            assertThat(http.get("/actuator/health", "Authorization", header).statusCode())
                    .as(what)
                    .isEqualTo(200);

            HttpResponse<String> protectedPath = http.get("/test/me", "Authorization", header);
            assertThat(protectedPath.statusCode()).as(what).isEqualTo(401);
            assertProblem(protectedPath, 401, "UNAUTHENTICATED");
            // the public path is GET only: another method is protected and refuses the token
            assertThat(http.postJson("/test/open/list", "{}", "Authorization", header)
                            .statusCode())
                    .as(what)
                    .isEqualTo(401);
        });
    }

    @Test
    void shouldAnswerAHeaderTheFirewallRefusesInAControllerWithAProblemNamingIt(CapturedOutput output) {
        String citizen = bearer(tokens.citizenToken("c-9"));
        HttpResponse<String> refused =
                http.sendUtf8("POST", "/test/keyed", "{}", "Authorization", citizen, "Idempotency-Key", "ключ");

        JsonNode problem = assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("printable ASCII");
        assertThat(problem.path("instance").asString()).isEqualTo("/test/keyed");
        assertThat(output.getOut()).doesNotContain("Unexpected failure");

        HttpResponse<String> ascii =
                http.sendUtf8("POST", "/test/keyed", "{}", "Authorization", citizen, "Idempotency-Key", "key-1");
        assertThat(ascii.statusCode()).as(ascii.body()).isEqualTo(200);
        assertThat(TestHttp.json(ascii).path("key").asString()).isEqualTo("key-1");
    }

    @Test
    void shouldAnswerWhatTheFirewallRefusesBeforeAnyControllerWithAProblem() {
        JsonNode token = assertProblem(
                http.sendUtf8("GET", "/test/me", null, "Authorization", "Bearer ключ"), 400, "VALIDATION_FAILED");
        assertThat(token.path("errors").get(0).path("field").asString()).isEqualTo("Authorization");

        JsonNode path = assertProblem(http.sendUtf8("GET", "/test/open/list;x=1", null), 400, "VALIDATION_FAILED");
        assertThat(path.path("errors").get(0).path("field").asString()).isEqualTo("request");
    }

    @Test
    void shouldIdentifyTheCallerOfAValidTokenOnAPublicPath() {
        HttpResponse<String> response =
                http.get("/test/open/who", "Authorization", bearer(tokens.citizenToken("c-42")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("caller").asString()).isEqualTo("c-42");
    }

    @Test
    void shouldKeepHealthOpen() {
        assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAllowInternalPathsToServiceTokensOnly() {
        assertProblem(
                http.get("/internal/v1/ping", "Authorization", bearer(tokens.citizenToken("c-1"))), 403, "FORBIDDEN");
        assertProblem(
                http.get("/internal/v1/ping", "Authorization", bearer(tokens.adminToken("platform-admin"))),
                403,
                "FORBIDDEN");
        // the gateway's token: scope revocations alone, which opens no /internal path by default
        assertProblem(http.get("/internal/v1/ping", "Authorization", bearer(gatewayToken())), 403, "FORBIDDEN");
        assertThat(http.get("/internal/v1/ping", "Authorization", bearer(tokens.serviceToken("catalog-service")))
                        .statusCode())
                .isEqualTo(204);
    }

    /** The gateway's token as user-service gives it: scope revocations, nothing else. */
    private static String gatewayToken() {
        return tokens.token().subject("gateway-service").scopes("revocations").sign();
    }

    @Test
    void shouldHonourOnBehalfOfOnlyForAServiceToken() {
        JsonNode service = TestHttp.json(http.get(
                "/test/me", "Authorization", bearer(tokens.serviceToken("payment-service")), "X-On-Behalf-Of", "c-7"));
        assertThat(service.path("citizenId").asString()).isEqualTo("c-7");
        assertThat(service.path("clientId").asString()).isEqualTo("payment-service");

        JsonNode citizen = TestHttp.json(
                http.get("/test/me", "Authorization", bearer(tokens.citizenToken("c-1")), "X-On-Behalf-Of", "c-7"));
        assertThat(citizen.path("citizenId").asString()).isEqualTo("c-1");

        JsonNode admin = TestHttp.json(
                http.get("/test/me", "Authorization", bearer(tokens.adminToken("ops")), "X-On-Behalf-Of", "c-7"));
        assertThat(admin.path("citizenId").isNull()).isTrue();

        JsonNode gateway =
                TestHttp.json(http.get("/test/me", "Authorization", bearer(gatewayToken()), "X-On-Behalf-Of", "c-7"));
        assertThat(gateway.path("citizenId").isNull()).isTrue();
        assertThat(gateway.path("clientId").asString()).isEqualTo("gateway-service");
    }

    @Test
    void shouldObtainAServiceTokenOnceAndReuseItUntilItNearsExpiry() {
        StubHttpServer server = tokens.server();
        long before = tokenRequests(server);

        String first = serviceTokenClient.token();
        String second = serviceTokenClient.token();

        assertThat(first).isEqualTo(second);
        assertThat(tokenRequests(server) - before).isLessThanOrEqualTo(1);
        StubHttpServer.Recorded request = server.requests().stream()
                .filter(r -> r.path().equals("/oauth2/token"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(request.header("Authorization")).startsWith("Basic ");
        assertThat(request.body()).contains("grant_type=client_credentials").contains("scope=service");
        // the token is accepted by a resource server of the platform
        assertThat(http.get("/internal/v1/ping", "Authorization", bearer(first)).statusCode())
                .isEqualTo(204);
    }

    @Test
    void shouldReportAnAuthorizationServerThatRefusesTheClient() {
        try (StubHttpServer refusing = StubHttpServer.start()) {
            refusing.on("POST", "/oauth2/token", Answer.json(401, "{\"error\":\"invalid_client\"}"));
            ServiceTokenClient client = new ServiceTokenClient(
                    refusing.baseUri().resolve("/oauth2/token"),
                    "x",
                    "wrong",
                    "service",
                    Duration.ofSeconds(60),
                    Clock.systemUTC());

            assertThatThrownBy(client::token)
                    .isInstanceOf(ServiceTokenClient.ServiceTokenException.class)
                    .hasMessageContaining("401");
        }
    }

    private static long tokenRequests(StubHttpServer server) {
        return server.requests().stream()
                .filter(r -> r.path().equals("/oauth2/token"))
                .count();
    }

    private HttpResponse<String> head(String path, String... headers) {
        return send("HEAD", path, headers);
    }

    private HttpResponse<String> send(String method, String path, String... headers) {
        java.net.http.HttpRequest.Builder request =
                http.request(path).method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build());
    }

    private static String bearer(String token) {
        return TestTokenIssuer.bearer(token);
    }

    @EnableAutoConfiguration
    @Import(TestController.class)
    static class TestApplication {}

    @RestController
    static class TestController {

        record CallerView(String subject, java.util.Set<String> scopes, String citizenId, String clientId) {}

        @GetMapping("/test/me")
        CallerView me(Caller caller) {
            return new CallerView(
                    caller.subject(),
                    caller.scopes(),
                    caller.citizenId().orElse(null),
                    caller.clientId().orElse(null));
        }

        @PostMapping("/test/keyed")
        Map<String, String> keyed(@RequestHeader("Idempotency-Key") String key) {
            return Map.of("key", key);
        }

        @GetMapping("/test/open/list")
        Map<String, String> open() {
            return Map.of("open", "yes");
        }

        @GetMapping("/test/open/who")
        Map<String, String> who() {
            // a catalogue read shows a citizen's own data when the token verifies
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return Map.of("caller", authentication instanceof JwtAuthenticationToken jwt ? jwt.getName() : "anonymous");
        }

        @PostMapping("/test/open/list")
        Map<String, String> openPost() {
            return Map.of("open", "no");
        }

        @GetMapping("/test/reports/daily")
        Map<String, String> report() {
            return Map.of("report", "yes");
        }

        @PostMapping("/test/reports/daily")
        Map<String, String> reportPost() {
            return Map.of("report", "posted");
        }

        @GetMapping("/test/admin/thing")
        Map<String, String> admin() {
            return Map.of("admin", "yes");
        }

        @GetMapping("/test/admin/documented")
        @io.swagger.v3.oas.annotations.responses.ApiResponse(
                responseCode = "403",
                description = "FORBIDDEN: not the audit desk's token",
                content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/problem+json"))
        Map<String, String> adminDocumented() {
            return Map.of("admin", "documented");
        }

        @GetMapping("/internal/v1/ping")
        org.springframework.http.ResponseEntity<Void> ping() {
            return org.springframework.http.ResponseEntity.noContent().build();
        }
    }
}

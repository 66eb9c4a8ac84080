package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's token check, rate limits and login concurrency limit, in front of a real HTTP
 * backend, with tokens from the test issuer's JWKS over real HTTP.
 */
@WithTestTokenIssuer
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.gateway.rate-limit.authenticated-rate=1",
            "platform.gateway.rate-limit.authenticated-burst=3",
            "platform.gateway.rate-limit.login-concurrency=1"
        })
class GatewaySecurityIntegrationTests {

    static final StubHttpServer backend = StubHttpServer.start().otherwise(Answer.json("{\"ok\": true}"));
    static final TestTokenIssuer tokens = TestTokenIssuer.shared();

    @LocalServerPort
    int port;

    TestHttp http;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("platform.services.catalog", () -> backend.baseUri().toString());
        registry.add("platform.services.user", () -> backend.baseUri().toString());
        registry.add("platform.services.payment", () -> backend.baseUri().toString());
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        backend.clearRequests();
    }

    @Test
    void shouldShowHealthDetailsToAnAdminTokenOnly() {
        String admin = TestTokenIssuer.bearer(tokens.adminToken("platform-admin"));
        String citizen = TestTokenIssuer.bearer(tokens.citizenToken("citizen-health"));

        assertThat(http.get("/actuator/health", "Authorization", admin).body()).contains("\"components\"");
        assertThat(http.get("/actuator/health", "Authorization", citizen).body())
                .doesNotContain("components");
        assertThat(http.get("/actuator/health").body()).doesNotContain("components");
        assertThat(http.get("/actuator/health", "Authorization", "Bearer not.a.token")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldKeepPublicExactlyWhatApiMdSaysNeedsNoLogin() {
        for (String path : List.of(
                "/api/v1/catalog/services",
                "/api/v1/catalog/stats",
                "/oauth2/jwks",
                "/.well-known/oauth-authorization-server")) {
            assertThat(http.get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(http.postJson("/api/v1/auth/login", "{}").statusCode()).isEqualTo(200);
        assertThat(http.postJson("/api/v1/payments/webhooks/pg", "{}").statusCode())
                .isEqualTo(200);

        for (String path :
                List.of("/api/v1/users/me", "/api/v1/payments", "/api/v1/admin/adapter-types", "/api/v1/bills/fetch")) {
            assertProblem(http.get(path), 401, "UNAUTHENTICATED");
        }
        assertProblem(http.sendJson("PUT", "/api/v1/catalog/services/X/rating", "{}"), 401, "UNAUTHENTICATED");
        assertProblem(http.postJson("/api/v1/services/EPFO/operations/passbook", "{}"), 401, "UNAUTHENTICATED");
        assertThat(backend.requests()).hasSize(6);
    }

    /**
     * HEAD is GET without the body (RFC 9110 9.3.2): an uptime monitor's {@code curl -I} on a
     * public GET path is forwarded as a HEAD, without a token; elsewhere HEAD needs one as GET does.
     */
    @Test
    void shouldTreatHeadLikeGetOnThePublicPaths() {
        backend.on("HEAD", "/api/v1/catalog/stats", new Answer(200, "application/json", null, 0, Map.of()));

        HttpResponse<String> head = head("/api/v1/catalog/stats");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(backend.requests()).singleElement().satisfies(forwarded -> {
            assertThat(forwarded.method()).isEqualTo("HEAD");
            assertThat(forwarded.path()).isEqualTo("/api/v1/catalog/stats");
        });
        // with a token that has expired, as an app sends it: dropped, as on a GET
        assertThat(head("/api/v1/catalog/stats", "Authorization", TestTokenIssuer.bearer(tokens.expiredToken("c-1")))
                        .statusCode())
                .isEqualTo(200);

        assertThat(head("/api/v1/users/me").statusCode()).isEqualTo(401);
        assertThat(head(
                                "/api/v1/admin/adapter-types",
                                "Authorization",
                                TestTokenIssuer.bearer(tokens.citizenToken("c-head")))
                        .statusCode())
                .isEqualTo(403);
        assertThat(backend.requests()).hasSize(2);
    }

    /** OPTIONS asks which methods a path takes (RFC 9110 9.3.7): open where the GET is, not elsewhere. */
    @Test
    void shouldTreatOptionsLikeGetOnThePublicPaths() {
        backend.on(
                "OPTIONS",
                "/api/v1/catalog/stats",
                new Answer(200, "application/json", null, 0, Map.of("Allow", "GET,HEAD,OPTIONS")));

        HttpResponse<String> options = send("OPTIONS", "/api/v1/catalog/stats");

        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("Allow")).hasValue("GET,HEAD,OPTIONS");
        assertThat(backend.requests())
                .singleElement()
                .satisfies(forwarded -> assertThat(forwarded.method()).isEqualTo("OPTIONS"));

        assertProblem(send("OPTIONS", "/api/v1/users/me"), 401, "UNAUTHENTICATED");
        assertThat(backend.requests()).hasSize(1);
    }

    @Test
    void shouldLetEveryPaymentGatewaysWebhookThroughWithoutATokenAndNothingBesideIt() {
        // payment-service answers a gateway it does not have itself, as for any webhook
        backend.on(
                "POST",
                "/api/v1/payments/webhooks/razorpay",
                new Answer(
                        404,
                        "application/problem+json",
                        "{\"type\": \"https://janseva.org/problems/gateway-not-found\", \"title\": \"Gateway not"
                                + " found\", \"status\": 404, \"detail\": \"No such payment gateway.\", \"instance\":"
                                + " \"/api/v1/payments/webhooks/razorpay\", \"code\": \"GATEWAY_NOT_FOUND\","
                                + " \"requestId\": \"r-1\"}",
                        0,
                        java.util.Map.of()));

        assertThat(http.postJson("/api/v1/payments/webhooks/pg", "{}").statusCode())
                .isEqualTo(200);
        assertProblem(http.postJson("/api/v1/payments/webhooks/razorpay", "{}"), 404, "GATEWAY_NOT_FOUND");
        assertThat(backend.requests())
                .extracting(StubHttpServer.Recorded::path)
                .containsExactly("/api/v1/payments/webhooks/pg", "/api/v1/payments/webhooks/razorpay");

        // one segment, POST only: the rest of /api/v1/payments still needs a token
        assertProblem(http.postJson("/api/v1/payments/webhooks/pg/more", "{}"), 401, "UNAUTHENTICATED");
        assertProblem(http.get("/api/v1/payments/webhooks/pg"), 401, "UNAUTHENTICATED");
        assertProblem(http.postJson("/api/v1/payments/webhooks", "{}"), 401, "UNAUTHENTICATED");
        assertThat(backend.requests()).hasSize(2);
    }

    @Test
    void shouldRefuseEveryBadTokenBeforeTheBackend() {
        List<String> bad = List.of(
                tokens.unsignedToken("c-1"),
                tokens.otherKeyToken("c-1"),
                tokens.tamperedToken("c-1"),
                tokens.expiredToken("c-1"),
                tokens.wrongIssuerToken("c-1"),
                tokens.wrongAudienceToken("c-1"),
                "not-a-jwt");
        for (String token : bad) {
            HttpResponse<String> response =
                    http.get("/api/v1/users/me", "Authorization", TestTokenIssuer.bearer(token));
            assertProblem(response, 401, "UNAUTHENTICATED");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldDropARefusedTokenOnAPublicPathAndPassTheRequestOn() {
        List<String> bad = List.of(tokens.expiredToken("c-1"), tokens.otherKeyToken("c-1"), "not-a-jwt");
        for (String token : bad) {
            String header = TestTokenIssuer.bearer(token);
            backend.clearRequests();

            assertThat(http.postJson("/api/v1/auth/refresh", "{\"refresh_token\":\"r\"}", "Authorization", header)
                            .statusCode())
                    .as(token)
                    .isEqualTo(200);
            assertThat(http.postJson("/api/v1/auth/login", "{}", "Authorization", header)
                            .statusCode())
                    .as(token)
                    .isEqualTo(200);
            assertThat(http.get("/api/v1/catalog/categories", "Authorization", header)
                            .statusCode())
                    .as(token)
                    .isEqualTo(200);
            assertThat(backend.requests()).hasSize(3);
            assertThat(backend.requests())
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isNull());

            // a protected path still refuses it, before the backend
            assertProblem(http.get("/api/v1/users/me", "Authorization", header), 401, "UNAUTHENTICATED");
            assertProblem(
                    http.sendJson("PUT", "/api/v1/catalog/services/X/rating", "{}", "Authorization", header),
                    401,
                    "UNAUTHENTICATED");
            assertThat(backend.requests()).hasSize(3);
        }
    }

    @Test
    void shouldPassAValidTokenOnAPublicPathOn() {
        String citizen = TestTokenIssuer.bearer(tokens.citizenToken("citizen-browsing"));

        assertThat(http.get("/api/v1/catalog/services", "Authorization", citizen)
                        .statusCode())
                .isEqualTo(200);

        assertThat(backend.requests().get(0).header("Authorization")).isEqualTo(citizen);
    }

    @Test
    void shouldNotFetchTheJwksAgainForEveryMadeUpKeyId() {
        assertThat(http.get(
                                "/api/v1/users/me",
                                "Authorization",
                                TestTokenIssuer.bearer(tokens.citizenToken("citizen-jwks")))
                        .statusCode())
                .isEqualTo(200);
        tokens.server().clearRequests();

        for (int i = 0; i < 30; i++) {
            assertProblem(
                    http.get(
                            "/api/v1/users/me", "Authorization", TestTokenIssuer.bearer(tokens.unknownKidToken("c-1"))),
                    401,
                    "UNAUTHENTICATED");
        }

        // at most two fetches in a cooldown window (30 s): one, or two if a window opened with them
        assertThat(tokens.jwksRequests()).isLessThanOrEqualTo(2);
    }

    @Test
    void shouldPassAValidTokenOnUnchangedAndRefuseACitizenOnTheAdminApi() {
        String citizen = TestTokenIssuer.bearer(tokens.citizenToken("citizen-77"));

        assertThat(http.get("/api/v1/users/me", "Authorization", citizen).statusCode())
                .isEqualTo(200);
        assertThat(backend.requests().get(0).header("Authorization")).isEqualTo(citizen);

        assertProblem(http.get("/api/v1/admin/adapter-types", "Authorization", citizen), 403, "FORBIDDEN");
        String admin = TestTokenIssuer.bearer(tokens.adminToken("platform-admin"));
        assertThat(http.get("/api/v1/admin/adapter-types", "Authorization", admin)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldNeverForwardAnOnBehalfOfHeaderFromOutside() {
        String service = TestTokenIssuer.bearer(tokens.serviceToken("payment-service"));

        http.get("/api/v1/services/X/operations", "Authorization", service, "X-On-Behalf-Of", "citizen-1");

        assertThat(backend.requests().get(0).header("X-On-Behalf-Of")).isNull();
    }

    @Test
    void shouldLimitACitizensRateAndSayWhatIsLeft() {
        String citizen = TestTokenIssuer.bearer(tokens.citizenToken("citizen-rate"));
        List<HttpResponse<String>> answers = new ArrayList<>();
        long start = System.nanoTime();
        // a burst of 3 and 1 more a second: asked back to back, the 4th or (on a machine so loaded
        // that the requests take seconds) a later one is refused
        while (answers.size() < 30
                && (answers.isEmpty() || answers.get(answers.size() - 1).statusCode() != 429)) {
            answers.add(http.get("/api/v1/users/me", "Authorization", citizen));
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        HttpResponse<String> first = answers.get(0);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).contains("3");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("2");
        assertThat(first.headers().firstValue("RateLimit-Reset")).isPresent();
        HttpResponse<String> refused = answers.get(answers.size() - 1);
        // the burst, plus at most what refilled while they were asked
        assertThat(answers.size() - 1).isBetween(3, (int) (3 + seconds + 1));
        assertProblem(refused, 429, "RATE_LIMITED");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("RateLimit-Remaining")).contains("0");
        // counted by the bucket that ran dry: the request metric's route is "none" for every 429
        assertThat(http.get("/actuator/prometheus").body())
                .containsPattern("janseva_gateway_rate_limited_total\\{[^}]*bucket=\"citizen\"[^}]*} [1-9]");

        // another citizen has a bucket of their own
        assertThat(http.get(
                                "/api/v1/users/me",
                                "Authorization",
                                TestTokenIssuer.bearer(tokens.citizenToken("citizen-other")))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldAnswerAPathNoRouteServesWith404EvenWithoutAToken() {
        assertProblem(http.get("/api/v1/no-such-thing"), 404, "ROUTE_NOT_FOUND");
        assertProblem(http.postJson("/no-such-thing", "{}"), 404, "ROUTE_NOT_FOUND");
        // nor with a token that is expired, tampered with or garbage: a wrong URL is not a login problem
        for (String token :
                List.of("garbage", tokens.expiredToken("citizen-404"), tokens.citizenToken("citizen-404") + "x")) {
            assertProblem(
                    http.get("/api/v1/no-such-thing", "Authorization", "Bearer " + token), 404, "ROUTE_NOT_FOUND");
            assertProblem(http.get("/favicon.ico", "Authorization", "Bearer " + token), 404, "ROUTE_NOT_FOUND");
        }
        // a path a route serves still needs its token, known to the backend or not
        assertProblem(http.get("/api/v1/users/no-such-thing"), 401, "UNAUTHENTICATED");
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldLimitConcurrentLoginsOnly() throws Exception {
        backend.on("POST", "/api/v1/auth/login", Answer.json("{}").delayedBy(1_500));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<HttpResponse<String>> slow =
                    CompletableFuture.supplyAsync(() -> http.postJson("/api/v1/auth/login", "{}"), pool);
            // wait until the first login is in flight at the backend
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (backend.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            HttpResponse<String> second = http.postJson("/api/v1/auth/login", "{}");
            assertProblem(second, 503, "SERVICE_UNAVAILABLE");
            assertThat(second.headers().firstValue("Retry-After")).contains("2");
            assertThat(second.body()).contains("Too many sign-ins are in progress");
            // nor another spelling of the same path, which the backend routes to the same login
            for (String spelling : List.of(
                    "/api/v1/auth/%6cogin",
                    "/api/v1/auth//login",
                    "/api/v1/auth/./login",
                    "/api/v1/auth/x/../login",
                    "/api/v1/auth/login;x=1")) {
                assertProblem(http.postJson(spelling, "{}"), 503, "SERVICE_UNAVAILABLE");
            }
            // other routes are untouched
            assertThat(http.get("/api/v1/catalog/stats").statusCode()).isEqualTo(200);
            assertThat(slow.get().statusCode()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Reactor Netty 1.3.x stopped reading a keep-alive connection after a queued request was
     * answered synchronously (KeepAliveReadResumer): the request that followed was never read.
     * Here the first request is slow at the backend, the second (pipelined behind it, so queued)
     * is refused by the gateway itself, and the third, sent on the same connection once both
     * answers are in, must be answered.
     */
    @Test
    void shouldKeepReadingAKeepAliveConnectionAfterAQueuedRequestTheGatewayAnsweredItself() throws Exception {
        backend.on("GET", "/api/v1/users/keep-alive-probe", Answer.json("{}").delayedBy(300));
        String citizen = TestTokenIssuer.bearer(tokens.citizenToken("citizen-keep-alive"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            RawHttp.send(
                    socket,
                    "GET /api/v1/users/keep-alive-probe HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + citizen
                            + "\r\n\r\n" + "GET /api/v1/users/me HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(401);

            RawHttp.send(socket, "GET /api/v1/no-such-thing HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(404);
        }
    }

    private HttpResponse<String> head(String path, String... headers) {
        return send("HEAD", path, headers);
    }

    private HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = http.request(path).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build());
    }
}

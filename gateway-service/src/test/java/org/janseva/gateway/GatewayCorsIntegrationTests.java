package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
import tools.jackson.databind.JsonNode;

/**
 * CORS at the gateway, for a web site on its own origin, in front of a real HTTP backend. Behind
 * one trusted proxy with an anonymous bucket of 2, so that each test has buckets of its own (its
 * own {@code X-Forwarded-For} address) and a rate-limited answer is quick to reach.
 */
@WithTestTokenIssuer
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.gateway.cors.allowed-origins[0]=https://www.janseva.example",
            // the local profile's patterns: any port
            "platform.gateway.cors.allowed-origins[1]=http://localhost:[*]",
            "platform.gateway.cors.allowed-origins[2]=http://127.0.0.1:[*]",
            "platform.gateway.trusted-proxy-hops=1",
            "platform.gateway.rate-limit.anonymous-rate=1",
            "platform.gateway.rate-limit.anonymous-burst=2"
        })
class GatewayCorsIntegrationTests {

    static final String SITE = "https://www.janseva.example";

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
    void shouldAnswerAPreflightFromAnAllowedOriginItselfBeforeAnyTokenCheck() {
        for (String[] asked : new String[][] {
            {"/api/v1/catalog/services", "GET", "authorization, x-channel, accept-language"},
            // protected paths: a preflight carries no token and is not refused for it
            {"/api/v1/payments", "POST", "Authorization, Content-Type, Idempotency-Key, X-Request-Id"},
            {"/api/v1/users/me", "PATCH", "authorization,content-type"},
            {"/api/v1/users/me/favourites/EPFO", "DELETE", "authorization"},
            {"/api/v1/catalog/services/EPFO-PASSBOOK", "GET", "if-none-match, authorization, x-country"}
        }) {
            HttpResponse<String> response = preflight(asked[0], SITE, asked[1], asked[2], "198.51.100.1");

            assertThat(response.statusCode()).as(asked[0]).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().allValues("Access-Control-Allow-Origin"))
                    .containsExactly(SITE);
            assertThat(values(response, "Access-Control-Allow-Methods"))
                    .contains("GET", "POST", "PUT", "PATCH", "DELETE");
            assertThat(values(response, "Access-Control-Allow-Headers"))
                    .map(h -> h.toLowerCase(Locale.ROOT))
                    .containsExactlyInAnyOrderElementsOf(values(asked[2].toLowerCase(Locale.ROOT)));
            assertThat(response.headers().firstValue("Access-Control-Max-Age")).contains("3600");
            assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                    .isEmpty();
            assertThat(values(response, "Vary")).contains("Origin");
            assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldAllowEveryPortOfLocalhostWithThePattern() {
        for (String origin : List.of("http://localhost:3000", "http://127.0.0.1:5173", "http://localhost")) {
            HttpResponse<String> response =
                    preflight("/api/v1/catalog/stats", origin, "GET", "x-channel", "198.51.100.2");
            assertThat(response.statusCode()).as(origin).isEqualTo(204);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains(origin);
        }
    }

    @Test
    void shouldNotCountPreflightsAgainstTheRateLimit() {
        String address = "198.51.100.3";
        for (int i = 0; i < 6; i++) {
            assertThat(preflight("/api/v1/catalog/stats", SITE, "GET", "authorization", address)
                            .statusCode())
                    .isEqualTo(204);
        }

        // the address's bucket of 2 is untouched
        HttpResponse<String> first = get("/api/v1/catalog/stats", address, "Origin", SITE);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("1");
        get("/api/v1/catalog/stats", address, "Origin", SITE);
        assertProblem(get("/api/v1/catalog/stats", address, "Origin", SITE), 429, "RATE_LIMITED");
        // and a preflight is still answered once the bucket is empty
        assertThat(preflight("/api/v1/catalog/stats", SITE, "GET", "authorization", address)
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void shouldRefuseAPreflightFromAnOriginNotAllowedWithAForbiddenProblem() {
        for (String origin : List.of(
                "https://evil.example",
                "http://www.janseva.example",
                "https://www.janseva.example.evil.example",
                "http://localhost.evil.example",
                "null")) {
            HttpResponse<String> response =
                    preflight("/api/v1/catalog/services", origin, "GET", "authorization", "198.51.100.4");

            JsonNode problem = assertProblem(response, 403, "FORBIDDEN");
            assertThat(problem.path("detail").asString()).contains("origin");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(origin)
                    .isEmpty();
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldRefuseAPreflightAskingForAMethodOrAHeaderNotAllowed() {
        JsonNode method = assertProblem(
                preflight("/api/v1/catalog/services", SITE, "TRACE", "", "198.51.100.5"), 403, "FORBIDDEN");
        assertThat(method.path("detail").asString()).contains("methods").contains("PATCH");

        HttpResponse<String> header =
                preflight("/api/v1/catalog/services", SITE, "GET", "authorization, x-user-id", "198.51.100.5");
        JsonNode problem = assertProblem(header, 403, "FORBIDDEN");
        assertThat(problem.path("detail").asString()).contains("headers").contains("Idempotency-Key");
        assertThat(header.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldLetTheWebSiteReadTheGatewaysOwnProblems() {
        String address = "198.51.100.6";
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(assertCode(get("/api/v1/users/me", address, "Origin", SITE), 401, "UNAUTHENTICATED"));
        answers.add(assertCode(get("/api/v1/nowhere", address, "Origin", SITE), 404, "ROUTE_NOT_FOUND"));
        // the address's bucket (2) is empty after at most two more, however slow the machine
        HttpResponse<String> limited = get("/api/v1/catalog/stats", address, "Origin", SITE);
        for (int i = 0; i < 10 && limited.statusCode() != 429; i++) {
            limited = get("/api/v1/catalog/stats", address, "Origin", SITE);
        }
        answers.add(assertCode(limited, 429, "RATE_LIMITED"));
        String big = "{\"x\": \"" + "y".repeat(1024 * 1024) + "\"}";
        answers.add(assertCode(
                http.postJson(
                        "/api/v1/services/EPFO/operations/passbook",
                        big,
                        "Origin",
                        SITE,
                        "X-Forwarded-For",
                        "198.51.100.7",
                        "Authorization",
                        TestTokenIssuer.bearer(tokens.citizenToken("citizen-cors-413"))),
                413,
                "PAYLOAD_TOO_LARGE"));

        for (HttpResponse<String> answer : answers) {
            assertThat(answer.headers().allValues("Access-Control-Allow-Origin"))
                    .as("%s", answer.statusCode())
                    .containsExactly(SITE);
            assertThat(values(answer, "Access-Control-Expose-Headers"))
                    .as("%s", answer.statusCode())
                    .contains(
                            "X-Request-Id",
                            "Retry-After",
                            "RateLimit-Limit",
                            "RateLimit-Remaining",
                            "RateLimit-Reset",
                            "Idempotent-Replayed",
                            "Location",
                            "ETag",
                            "Content-Language",
                            // the receipt's file name: a page fetching the PDF with its token names the file by it
                            "Content-Disposition");
            assertThat(values(answer, "Vary")).contains("Origin");
            // the headers a backend's answer has from Spring Security, on the gateway's own
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(answer.headers().firstValue("Cache-Control"))
                    .as("no cache keeps the gateway's error")
                    .contains("no-store");
        }
    }

    /**
     * A URL or a header that Reactor Netty cannot take is answered before any filter: the CORS
     * headers and the headers every answer carries are set where that answer is written.
     */
    @Test
    void shouldLetTheWebSiteReadTheRefusalOfAMalformedUrlOrHeader() throws IOException {
        // Netty loses the header read right before the one that made the section too large (it
        // waits for a continuation line), so Origin is not that one here
        String bigHeader = "Accept: */*\r\nX-Foo: " + "b".repeat(9000) + "\r\n";
        // the request line, headers after Origin, the status
        for (String[] request : new String[][] {
            {"GET /api/v1/catalog/%zz", "", "400"},
            {"GET /api/v1/catalog/services", "X-Foo: a\u0001b\r\n", "400"},
            {"GET /api/v1/catalog/services", "Host: other\r\n", "400"},
            {"GET /api/v1/catalog/services", bigHeader, "431"}
        }) {
            for (String origin : List.of(SITE, "https://evil.example")) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(10_000);
                    RawHttp.send(
                            socket,
                            request[0] + " HTTP/1.1\r\nHost: localhost\r\nOrigin: " + origin + "\r\n" + request[1]
                                    + "\r\n");
                    RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

                    assertThat(answer.status()).as(request[1]).isEqualTo(Integer.parseInt(request[2]));
                    assertThat(answer.body())
                            .contains(
                                    request[2].equals("431") ? "REQUEST_HEADER_FIELDS_TOO_LARGE" : "VALIDATION_FAILED");
                    // the headers Netty read before the one it refused are kept, Origin among them
                    boolean site = origin.equals(SITE);
                    assertThat(answer.headers().get("access-control-allow-origin"))
                            .as(origin + " " + request[2])
                            .isEqualTo(site ? SITE : null);
                    if (site) {
                        assertThat(answer.headers().get("access-control-expose-headers"))
                                .contains("X-Request-Id");
                    }
                    assertThat(answer.headers().get("vary")).isEqualTo("Origin");
                    assertThat(answer.headers().get("x-content-type-options")).isEqualTo("nosniff");
                    assertThat(answer.headers().get("x-frame-options")).isEqualTo("DENY");
                    assertThat(answer.headers().get("cache-control")).isEqualTo("no-store");
                }
            }
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldPutItsOwnCorsHeadersInPlaceOfABackends() {
        backend.on(
                "GET",
                "/api/v1/catalog/services/NOPE",
                Answer.json(404, "{\"status\":404,\"code\":\"SERVICE_NOT_FOUND\"}")
                        .withHeader("Access-Control-Allow-Origin", "*")
                        .withHeader("Access-Control-Allow-Credentials", "true")
                        .withHeader("Access-Control-Expose-Headers", "X-Secret")
                        .withHeader("Vary", "Accept-Language"));
        String citizen = TestTokenIssuer.bearer(tokens.citizenToken("citizen-cors-backend"));

        HttpResponse<String> allowed = get("/api/v1/catalog/services/NOPE", "198.51.100.8", "Origin", SITE);
        assertThat(allowed.statusCode()).isEqualTo(404);
        assertThat(allowed.body()).contains("SERVICE_NOT_FOUND");
        assertThat(allowed.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SITE);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
        assertThat(values(allowed, "Access-Control-Expose-Headers"))
                .contains("X-Request-Id")
                .doesNotContain("X-Secret");
        assertThat(values(allowed, "Vary")).containsExactly("Accept-Language", "Accept-Encoding", "Origin");
        // the security headers a backend left out are filled in, its own caching is kept
        assertThat(allowed.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(allowed.headers().firstValue("Cache-Control")).contains("no-store");
        backend.on(
                "GET",
                "/api/v1/catalog/categories",
                Answer.json("{}")
                        .withHeader("Cache-Control", "max-age=30, public")
                        .withHeader("X-Frame-Options", "SAMEORIGIN"));
        backend.on("GET", "/api/v1/catalog/states", Answer.json("{}"));
        HttpResponse<String> cached = get("/api/v1/catalog/categories", "198.51.100.10");
        assertThat(cached.headers().allValues("Cache-Control")).containsExactly("max-age=30, public");
        assertThat(cached.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
        HttpResponse<String> uncached = get("/api/v1/catalog/states", "198.51.100.11");
        assertThat(uncached.statusCode()).isEqualTo(200);
        assertThat(uncached.headers().firstValue("Cache-Control")).isEmpty();
        assertThat(uncached.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        // a signed-in citizen's call from the site: the same
        HttpResponse<String> signedIn =
                get("/api/v1/catalog/services/NOPE", "198.51.100.8", "Origin", SITE, "Authorization", citizen);
        assertThat(signedIn.headers().allValues("Access-Control-Allow-Origin")).containsExactly(SITE);

        // another origin, or none: the backend's "*" does not open the API to it
        for (String[] headers : new String[][] {{"Origin", "https://evil.example"}, {}}) {
            HttpResponse<String> other =
                    get("/api/v1/catalog/services/NOPE", "198.51.100.9", concat(headers, "Authorization", citizen));
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(other.headers().map().keySet())
                    .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
            assertThat(values(other, "Vary")).contains("Origin");
        }
    }

    private HttpResponse<String> preflight(
            String path, String origin, String method, String requestHeaders, String address) {
        HttpRequest.Builder request = http.request(path)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("X-Forwarded-For", address);
        if (!requestHeaders.isEmpty()) {
            request.header("Access-Control-Request-Headers", requestHeaders);
        }
        return http.send(request.build());
    }

    private HttpResponse<String> get(String path, String address, String... headers) {
        return http.get(path, concat(headers, "X-Forwarded-For", address));
    }

    private static HttpResponse<String> assertCode(HttpResponse<String> response, int status, String code) {
        assertProblem(response, status, code);
        return response;
    }

    private static String[] concat(String[] headers, String... more) {
        String[] all = Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    /** The comma-separated values of a header, however many lines it came in. */
    private static List<String> values(HttpResponse<String> response, String name) {
        return response.headers().allValues(name).stream()
                .flatMap(value -> values(value).stream())
                .toList();
    }

    private static List<String> values(String list) {
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .toList();
    }
}

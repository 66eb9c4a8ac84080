package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.janseva.platform.test.AbstractServiceIntegrationTests;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The gateway in front of real HTTP backends: a stub server stands in for catalog- and
 * user-service, and payment-service's address is a port nobody listens on.
 */
@WithTestTokenIssuer
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIntegrationTests extends AbstractServiceIntegrationTests {

    /** An admin token: past the gateway's token check on every route. */
    static final String AUTH = TestTokenIssuer.bearer(TestTokenIssuer.shared().adminToken("platform-admin"));

    static final StubHttpServer backend = StubHttpServer.start();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("platform.services.catalog", () -> backend.baseUri().toString());
        registry.add("platform.services.user", () -> backend.baseUri().toString());
        registry.add("platform.services.payment", () -> "http://127.0.0.1:" + deadPort());
        registry.add("platform.timeouts.catalog-ms", () -> "1500");
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @BeforeEach
    void resetBackend() {
        backend.clearRequests();
    }

    @Override
    protected String authorization() {
        return AUTH;
    }

    @Override
    protected String notFoundCode() {
        return "ROUTE_NOT_FOUND";
    }

    @Test
    void shouldForwardACatalogRequestAndPassTheRequestIdOn() {
        backend.on("GET", "/api/v1/catalog/services", Answer.json("{\"items\": []}"));

        HttpResponse<String> response = http.get("/api/v1/catalog/services?page=0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"items\": []}");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        StubHttpServer.Recorded forwarded = backend.requests().get(0);
        assertThat(forwarded.query()).isEqualTo("page=0");
        assertThat(forwarded.header("X-Request-Id")).isEqualTo(requestId);
    }

    @Test
    void shouldGzipALargeAnswerForAClientThatAcceptsItAndSayThatItVaries() throws Exception {
        StringBuilder page = new StringBuilder("{\"items\": [");
        for (int i = 0; i < 100; i++) {
            page.append(i == 0 ? "" : ",")
                    .append("{\"code\": \"SERVICE-")
                    .append(i)
                    .append("\", \"name\": \"View your electricity bill and pay it\"}");
        }
        String json = page.append("]}").toString();
        backend.on(
                "GET", "/api/v1/catalog/services", Answer.json(json).withHeader("Cache-Control", "max-age=30, public"));

        // what feature phones and browsers send, and "*": gzip, never an encoding they cannot read
        for (String accepted : List.of("gzip", "gzip, deflate, br", "*", "br;q=0, *;q=0.5")) {
            HttpResponse<byte[]> gzipped = HttpClient.newHttpClient()
                    .send(
                            http.request("/api/v1/catalog/services")
                                    .header("Accept-Encoding", accepted)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());

            assertThat(gzipped.statusCode()).isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding"))
                    .as(accepted)
                    .contains("gzip");
            assertThat(gzipped.body().length).isLessThan(json.length() / 4);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo(json);
            }
            assertThat(gzipped.headers().allValues("Vary").toString()).contains("Accept-Encoding");
        }
        // a client that does not ask for gzip or deflate gets the JSON as it is, and the same Vary
        for (String accepted : List.of("identity", "br", "zstd", "snappy", "deflate", "gzip;q=0, *", "*;q=0")) {
            HttpResponse<String> plain = http.get("/api/v1/catalog/services", "Accept-Encoding", accepted);
            assertThat(plain.headers().firstValue("Content-Encoding"))
                    .as(accepted)
                    .isEmpty();
            assertThat(plain.body()).isEqualTo(json);
            assertThat(plain.headers().allValues("Vary").toString()).contains("Accept-Encoding");
        }
        HttpResponse<String> plain = http.get("/api/v1/catalog/services");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.body()).isEqualTo(json);
        assertThat(plain.headers().firstValue("Cache-Control")).contains("max-age=30, public");

        // a 304 says the Vary its 200 would (RFC 9110 15.4.5), though it has no Content-Type
        backend.on(
                "GET", "/api/v1/catalog/categories", new Answer(304, null, "", 0, java.util.Map.of("ETag", "W/\"1\"")));
        HttpResponse<String> notModified =
                http.get("/api/v1/catalog/categories", "Accept-Encoding", "gzip", "If-None-Match", "W/\"1\"");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().allValues("Vary").toString()).contains("Accept-Encoding");
        // a range is not gzipped: its byte positions count the answer as it is
        backend.on(
                "GET",
                "/api/v1/catalog/states",
                new Answer(
                        206,
                        "text/plain",
                        json.substring(0, 2000),
                        0,
                        java.util.Map.of("Content-Range", "bytes 0-1999/" + json.length())));
        HttpResponse<String> range =
                http.get("/api/v1/catalog/states", "Accept-Encoding", "gzip", "Range", "bytes=0-1999");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(range.body()).isEqualTo(json.substring(0, 2000));
    }

    @Test
    void shouldEchoTheClientsRequestId() {
        backend.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));

        HttpResponse<String> response = http.get("/api/v1/catalog/stats", "X-Request-Id", "app-7f3a");

        assertThat(response.headers().firstValue("X-Request-Id")).contains("app-7f3a");
        assertThat(backend.requests().get(0).header("X-Request-Id")).isEqualTo("app-7f3a");
    }

    @Test
    void shouldRouteEveryPublicPrefixToItsService() {
        for (String path : new String[] {
            "/api/v1/auth/otp",
            "/api/v1/users/me",
            "/oauth2/jwks",
            "/.well-known/oauth-authorization-server",
            "/api/v1/catalog/x",
            "/api/v1/services/EPFO/operations/passbook",
            "/api/v1/admin/adapter-types"
        }) {
            backend.on("GET", path, Answer.json("{\"path\": \"" + path + "\"}"));
            assertThat(http.get(path, "Authorization", AUTH).statusCode())
                    .as(path)
                    .isEqualTo(200);
        }
        assertThat(backend.requests()).hasSize(7);
    }

    /**
     * A citizen's erasure ({@code DELETE /api/v1/users/me}) carries their MPIN in its body, without
     * which user-service refuses it: the gateway passes a DELETE's body on as any other.
     */
    @Test
    void shouldForwardTheBodyOfADelete() {
        backend.on("DELETE", "/api/v1/users/me", new Answer(204, null, null, 0, Map.of()));
        String body = "{\"mpin\": \"482916\"}";

        HttpResponse<String> response = http.sendJson("DELETE", "/api/v1/users/me", body, "Authorization", AUTH);

        assertThat(response.statusCode()).isEqualTo(204);
        StubHttpServer.Recorded forwarded = backend.requests().get(0);
        assertThat(forwarded.method()).isEqualTo("DELETE");
        assertThat(forwarded.body()).isEqualTo(body);
        assertThat(forwarded.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void shouldStripIdentityHeadersThatOnlyThePlatformMaySet() {
        backend.on("GET", "/api/v1/users/me", Answer.json("{}"));

        http.get(
                "/api/v1/users/me",
                "Authorization",
                AUTH,
                "X-User-Id",
                "someone-else",
                "X-Internal-Caller",
                "payment-service",
                "X-Authenticated-Scopes",
                "admin",
                "X-Channel",
                "kaios");

        StubHttpServer.Recorded forwarded = backend.requests().get(0);
        assertThat(forwarded.header("X-User-Id")).isNull();
        assertThat(forwarded.header("X-Internal-Caller")).isNull();
        assertThat(forwarded.header("X-Authenticated-Scopes")).isNull();
        assertThat(forwarded.header("X-Channel")).isEqualTo("kaios");
    }

    @Test
    void shouldTellTheBackendTheClientsAddressAsTheGatewaySawIt() {
        backend.on("GET", "/api/v1/users/me", Answer.json("{}"));

        // no proxy is trusted in front of this gateway: the client's own claims are ignored
        http.get(
                "/api/v1/users/me",
                "Authorization",
                AUTH,
                "X-Forwarded-For",
                "203.0.113.50",
                "X-Internal-Client-Address",
                "203.0.113.50");

        assertThat(backend.requests().get(0).header("X-Internal-Client-Address"))
                .isEqualTo("127.0.0.1");
    }

    /** No origins configured (the default outside local runs): no web page may call the API. */
    @Test
    void shouldAllowNoCrossOriginAccessUntilOriginsAreConfigured() {
        backend.on("GET", "/api/v1/catalog/stats", Answer.json("{}").withHeader("Access-Control-Allow-Origin", "*"));

        HttpResponse<String> preflight = http.send(http.request("/api/v1/catalog/stats")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://www.janseva.example")
                .header("Access-Control-Request-Method", "GET")
                .build());
        assertProblem(preflight, 403, "FORBIDDEN");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();

        HttpResponse<String> actual = http.get("/api/v1/catalog/stats", "Origin", "https://www.janseva.example");
        assertThat(actual.statusCode()).isEqualTo(200);
        // nor does a backend's own CORS header open it
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(backend.requests()).hasSize(1);
    }

    /**
     * A client naming the gateway's own headers in {@code Connection} cannot have them dropped
     * before the backend (Spring Cloud Gateway removes every header named there, after the
     * gateway set them): the backend gets the request id the client was answered with and the
     * client's address. A header of the client's own named there is still dropped (RFC 9110
     * 7.6.1). The JDK client will not send {@code Connection}, so this goes over a socket.
     */
    @Test
    void shouldPassItsOwnHeadersOnEvenWhenTheClientNamesThemInConnection() throws IOException {
        backend.on(
                "GET",
                "/api/v1/catalog/services/NOPE2",
                Answer.json(404, "{\"code\":\"SERVICE_NOT_FOUND\"}")
                        .withHeader("Content-Type", "application/problem+json"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            RawHttp.send(
                    socket,
                    "GET /api/v1/catalog/services/NOPE2 HTTP/1.1\r\nHost: localhost\r\n"
                            + "Connection: keep-alive, X-Request-Id, X-Internal-Client-Address, traceparent,"
                            + " X-Own-Hop\r\n"
                            + "X-Request-Id: conn-abc\r\nX-Own-Hop: for-the-gateway-only\r\n\r\n");
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.headers().get("x-request-id")).isEqualTo("conn-abc");
        }

        StubHttpServer.Recorded forwarded = backend.requests().get(0);
        assertThat(forwarded.header("X-Request-Id")).isEqualTo("conn-abc");
        assertThat(forwarded.header("X-Internal-Client-Address")).isEqualTo("127.0.0.1");
        assertThat(forwarded.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(forwarded.header("X-Own-Hop")).isNull();
    }

    @Test
    void shouldPassABackendsProblemDocumentThroughUnchanged() {
        String problem = "{\"type\":\"https://janseva.org/problems/service-not-found\",\"status\":404,"
                + "\"code\":\"SERVICE_NOT_FOUND\"}";
        backend.on(
                "GET",
                "/api/v1/catalog/services/NOPE",
                Answer.json(404, problem).withHeader("Content-Type", "application/problem+json"));

        HttpResponse<String> response = http.get("/api/v1/catalog/services/NOPE");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(problem);
    }

    @Test
    void shouldTurnADeadBackendIntoAServiceUnavailableProblem() {
        HttpResponse<String> response = http.get("/api/v1/payments", "Authorization", AUTH);

        JsonNode problem = assertProblem(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/payments");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void shouldTurnASlowBackendIntoATimeoutProblemAtTheRoutesLimit() {
        backend.on("GET", "/api/v1/catalog/slow", Answer.json("{}").delayedBy(4_000));

        long start = System.nanoTime();
        HttpResponse<String> response = http.get("/api/v1/catalog/slow");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertProblem(response, 504, "UPSTREAM_TIMEOUT");
        assertThat(millis).isLessThan(3_500);
    }

    @Test
    void shouldLogOneWarningNamingTheRequestRouteAndLimitWhenARouteTimesOut(CapturedOutput output) {
        backend.on("GET", "/api/v1/catalog/slow-logged", Answer.json("{}").delayedBy(4_000));

        HttpResponse<String> response =
                http.get("/api/v1/catalog/slow-logged?access_token=secret-in-query", "X-Request-Id", "timeout-log-1");

        assertProblem(response, 504, "UPSTREAM_TIMEOUT");
        List<String> warnings = output.getOut()
                .lines()
                .filter(l -> l.contains("\"level\":\"WARN\"") && l.contains("\"requestId\":\"timeout-log-1\""))
                .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains("ProblemWebExceptionHandler")
                .contains("Upstream timeout for GET /api/v1/catalog/slow-logged on route catalog-service")
                .contains("\"route\":\"catalog-service\"")
                .contains("\"timeoutMs\":1500")
                .doesNotContain("secret-in-query");
    }

    @Test
    void shouldRefuseABodyOverOneMebibyteBeforeForwardingIt() {
        String big = "{\"x\": \"" + "y".repeat(1024 * 1024) + "\"}";

        assertProblem(http.postJson("/api/v1/catalog/services", big), 413, "PAYLOAD_TOO_LARGE");
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldRefuseAChunkedBodyOverOneMebibyte() {
        backend.on("POST", "/api/v1/services/EPFO/operations/passbook", Answer.json("{}"));
        byte[] big = ("{\"x\": \"" + "y".repeat(2 * 1024 * 1024) + "\"}").getBytes();

        HttpResponse<String> response = http.send(http.request("/api/v1/services/EPFO/operations/passbook")
                .header("Content-Type", "application/json")
                .header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());

        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
    }

    /**
     * The backend reads every body whole and would answer for a truncated one (as user-service
     * does with a 400 for cut-off JSON): a chunked body over the limit must not reach it at all,
     * not its headers and not its first mebibyte, however often it is tried.
     */
    @Test
    void shouldNeverForwardAChunkedBodyOverOneMebibyteNotEvenInPart() {
        backend.on("POST", "/api/v1/auth/otp", Answer.json(400, "{\"code\": \"VALIDATION_FAILED\"}"));
        byte[] big = ("{\"mobile\": \"" + "9".repeat(1_100_000) + "\", \"purpose\": \"LOGIN\"}").getBytes();

        for (int i = 0; i < 10; i++) {
            assertProblem(http.send(chunkedPost("/api/v1/auth/otp", big)), 413, "PAYLOAD_TOO_LARGE");
        }

        assertThat(backend.requests())
                .filteredOn(r -> r.body().length() < big.length)
                .isEmpty();
        assertThat(backend.arrivals("POST", "/api/v1/auth/otp")).isZero();
    }

    @Test
    void shouldForwardAChunkedBodyUnderTheLimitWholeWithItsLength() {
        backend.on("POST", "/api/v1/auth/otp", Answer.json(202, "{\"otpRef\": \"r2\"}"));
        String body = "{\"mobile\": \"9876543210\", \"purpose\": \"LOGIN\", \"pad\": \"" + "x".repeat(900_000) + "\"}";

        HttpResponse<String> response = http.send(chunkedPost("/api/v1/auth/otp", body.getBytes()));

        assertThat(response.statusCode()).isEqualTo(202);
        StubHttpServer.Recorded forwarded = backend.requests().get(0);
        assertThat(forwarded.body()).isEqualTo(body);
        assertThat(forwarded.header("Content-Length")).isEqualTo(Integer.toString(body.length()));
        assertThat(forwarded.header("Transfer-Encoding")).isNull();
    }

    /**
     * A chunked body whose framing breaks after its first chunk (a bad chunk size, a bad chunk
     * extension, a bare LF, an overflowing size): Netty answers a 400 itself and ends the body, and
     * the gateway used to take what it had read for the whole body and forward it, so that the
     * backend ran a request (a payment) the client was told was refused. Nothing may reach it.
     */
    @Test
    void shouldNeverForwardAChunkedBodyWhoseFramingBreaks() throws Exception {
        backend.on("POST", "/api/v1/auth/otp", Answer.json(202, "{\"otpRef\": \"r3\"}"));
        String json = "{\"mobile\": \"9876543210\", \"purpose\": \"LOGIN\"}";
        for (String broken : new String[] {"zz\r\n", "5;\u0001=x\r\n", "5\n", "100000000\r\n"}) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                RawHttp.send(
                        socket,
                        "POST /api/v1/auth/otp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n");
                // the whole JSON has arrived before the framing breaks
                Thread.sleep(300);
                RawHttp.send(socket, broken + "\r\n0\r\n\r\n");
                assertThat(RawHttp.read(socket.getInputStream()).status())
                        .as(broken)
                        .isEqualTo(400);
            }
        }
        // an answer from the backend would come after the client's 400: give it time to arrive
        Thread.sleep(500);
        assertThat(backend.arrivals("POST", "/api/v1/auth/otp")).isZero();
    }

    /**
     * A URL with a bad percent-encoding cannot even be made into a request for WebFlux: it used to
     * get a bare 400 with an empty body. The JDK client refuses to send such URLs, so these go
     * over a socket, one after another on one keep-alive connection.
     */
    @Test
    void shouldAnswerAMalformedUrlWithAProblemDocument() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            for (String[] target : new String[][] {
                {"/api/v1/catalog/%zz", "/api/v1/catalog/%25zz"},
                {"/api/v1/catalog/%", "/api/v1/catalog/%25"},
                {"/api/v1/catalog/a|b%41", "/api/v1/catalog/a%7Cb%41"},
                {"/api/v1/catalog/services?q=%zz", "/api/v1/catalog/services"}
            }) {
                RawHttp.send(
                        socket, "GET " + target[0] + " HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: bad-url-1\r\n\r\n");
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

                assertThat(answer.status()).as(target[0]).isEqualTo(400);
                assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
                assertThat(answer.headers().get("x-request-id")).isEqualTo("bad-url-1");
                JsonNode problem = TestHttp.jsonMapper().readTree(answer.body());
                assertThat(problem.path("status").asInt()).isEqualTo(400);
                assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
                assertThat(problem.path("type").asString()).isEqualTo("https://janseva.org/problems/validation-failed");
                assertThat(problem.path("errors").get(0).path("field").asString())
                        .isEqualTo("path");
                assertThat(problem.path("title").asString()).isNotBlank();
                assertThat(problem.path("detail").asString()).isNotBlank();
                assertThat(problem.path("requestId").asString()).isEqualTo("bad-url-1");
                assertThat(problem.path("instance").asString()).isEqualTo(target[1]);
                assertThat(URI.create(problem.path("instance").asString())).isNotNull();
            }
            // the connection is still good for a well-formed request
            backend.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));
            RawHttp.send(socket, "GET /api/v1/catalog/stats HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        }
        assertThat(backend.requests()).hasSize(1);
    }

    /**
     * A header whose name or value holds a control character is refused by Netty's decoder before
     * any route or filter: Reactor Netty used to answer a bare 400 with an empty body. Clients
     * refuse to send such headers, so these go over a socket. Netty stops reading the connection
     * at the bad header, so the gateway closes it after its answer.
     */
    @Test
    void shouldAnswerAHeaderWithAControlCharacterWithAProblemDocument() throws IOException {
        backend.on("GET", "/api/v1/catalog/services", Answer.json("{\"items\": []}"));
        String control = "must not contain control characters";
        String token = "names must be tokens: letters, digits and !#$%&'*+-.^_`|~";
        // the request line, the bad header, the error's field and message
        for (String[] request : new String[][] {
            {"POST /api/v1/payments", "Idempotency-Key: a\u0001b", "Idempotency-Key", control},
            {"GET /api/v1/catalog/services", "X-Foo: a\u007fb", "X-Foo", control},
            {"GET /api/v1/catalog/services", "X-Foo: a\u0000b", "X-Foo", control},
            {"GET /api/v1/catalog/services", "X-Foo: a\rb", "X-Foo", control},
            // Netty takes a control character that Java calls whitespace, right after the colon,
            // for a bad separator, and does not say in which header
            {"GET /api/v1/catalog/services", "X-Foo: \u001fb", "headers", control},
            {"GET /api/v1/catalog/services", "X\u0001Foo: b", "headers", token},
            {"GET /api/v1/catalog/services", "X-Foo : b", "headers", token},
            {"GET /api/v1/catalog/services", "X-Foo b", "headers", "must be well-formed HTTP/1.1 header fields"},
            // a bad URL as well: the header's problem, since the connection must close
            {"GET /api/v1/catalog/%zz", "X-Foo: a\u0001b", "X-Foo", control}
        }) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                RawHttp.send(
                        socket,
                        request[0] + " HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: bad-header-1\r\nAuthorization: "
                                + AUTH + "\r\n" + request[1] + "\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 2\r\n\r\n{}");
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

                String path = request[0].substring(request[0].indexOf(' ') + 1).replace("%zz", "%25zz");
                assertThat(answer.status()).as(request[1]).isEqualTo(400);
                assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
                assertThat(answer.headers().get("x-request-id")).isEqualTo("bad-header-1");
                assertThat(answer.headers().get("connection")).isEqualTo("close");
                JsonNode problem = TestHttp.jsonMapper().readTree(answer.body());
                assertThat(problem.path("status").asInt()).isEqualTo(400);
                assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
                assertThat(problem.path("type").asString()).isEqualTo("https://janseva.org/problems/validation-failed");
                assertThat(problem.path("title").asString()).isNotBlank();
                assertThat(problem.path("detail").asString()).isNotBlank();
                assertThat(problem.path("instance").asString()).isEqualTo(path);
                assertThat(problem.path("requestId").asString()).isEqualTo("bad-header-1");
                assertThat(problem.path("errors")).hasSize(1);
                assertThat(problem.path("errors").get(0).path("field").asString())
                        .as(request[1])
                        .isEqualTo(request[2]);
                assertThat(problem.path("errors").get(0).path("message").asString())
                        .as(request[1])
                        .isEqualTo(request[3]);
                assertThat(socket.getInputStream().read())
                        .as("connection closed")
                        .isEqualTo(-1);
            }
        }
        assertThat(backend.requests()).isEmpty();
    }

    /**
     * Requests Netty's decoder refuses before reading them whole (a URL over 4 KB, a header section
     * over 8 KB, a request line it cannot read) used to get an empty answer from Reactor Netty: no
     * problem document, no request id, none of the headers every answer carries.
     */
    @Test
    void shouldAnswerARequestTheDecoderCannotReadWithAProblemDocument() throws IOException {
        String longSearch = "a".repeat(5000);
        // Netty keeps the headers it read before the one it was reading when the section grew too
        // large (that one, Host here, is lost with it)
        String bigHeader = "X-Foo: " + "b".repeat(9000) + "\r\n";
        // the request, the status, the code, the error's field, the instance, the request id sent
        for (String[] request : new String[][] {
            {
                "GET /api/v1/catalog/services?q=" + longSearch + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "414",
                "URI_TOO_LONG",
                "path",
                "/",
                null
            },
            {
                "GET /api/v1/catalog/services?q=x HTTP/1.1\r\nX-Request-Id: big-headers-1\r\nHost: localhost\r\n"
                        + bigHeader + "\r\n",
                "431",
                "REQUEST_HEADER_FIELDS_TOO_LARGE",
                "headers",
                "/api/v1/catalog/services",
                "big-headers-1"
            },
            {"G@T / HTTP/1.1\r\nHost: localhost\r\n\r\n", "400", "VALIDATION_FAILED", "request-line", "/", null},
            {
                // small, but more than the services behind the gateway would take with its own added
                "GET /api/v1/catalog/services?q=x HTTP/1.1\r\nX-Request-Id: many-headers-1\r\nHost: localhost\r\n"
                        + headers(95) + "\r\n",
                "431",
                "REQUEST_HEADER_FIELDS_TOO_LARGE",
                "headers",
                "/api/v1/catalog/services",
                "many-headers-1"
            }
        }) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                RawHttp.send(socket, request[0]);
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

                int status = Integer.parseInt(request[1]);
                assertThat(answer.status()).as(request[2]).isEqualTo(status);
                assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
                assertThat(answer.headers().get("x-content-type-options")).isEqualTo("nosniff");
                assertThat(answer.headers().get("cache-control")).isEqualTo("no-store");
                assertThat(answer.headers().get("connection")).isEqualTo("close");
                String requestId = answer.headers().get("x-request-id");
                assertThat(requestId).isNotBlank();
                if (request[5] != null) {
                    assertThat(requestId).isEqualTo(request[5]);
                }
                JsonNode problem = TestHttp.jsonMapper().readTree(answer.body());
                assertThat(problem.path("status").asInt()).isEqualTo(status);
                assertThat(problem.path("code").asString()).isEqualTo(request[2]);
                assertThat(problem.path("type").asString())
                        .isEqualTo("https://janseva.org/problems/"
                                + request[2].toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                assertThat(problem.path("title").asString()).isNotBlank();
                assertThat(problem.path("detail").asString()).isNotBlank();
                assertThat(problem.path("instance").asString()).isEqualTo(request[4]);
                assertThat(problem.path("requestId").asString()).isEqualTo(requestId);
                assertThat(problem.path("errors").get(0).path("field").asString())
                        .isEqualTo(request[3]);
                assertThat(socket.getInputStream().read())
                        .as("connection closed")
                        .isEqualTo(-1);
            }
        }
        assertThat(backend.requests()).isEmpty();
    }

    /**
     * As many header fields as the gateway takes (64, Host included) reach the service, with the
     * gateway's own added, and the service's answer comes back; one more is a 431 from the gateway.
     * The services' Tomcat refuses more than 100 with a bare 400 before any of their code runs, and
     * a client that sent 95 small ones used to get that.
     */
    @Test
    void shouldForwardAsManyHeaderFieldsAsItTakesAndRefuseOneMore() throws IOException {
        backend.clearRequests();
        int limit = 64;
        String atLimit =
                "GET /api/v1/catalog/services?q=x HTTP/1.1\r\nHost: localhost\r\n" + headers(limit - 1) + "\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            RawHttp.send(socket, atLimit);
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        }
        assertThat(backend.requests()).hasSize(1);
        assertThat(backend.requests().get(0).header("X-Filler-" + (limit - 1))).isEqualTo("v");

        String overLimit = "GET /api/v1/catalog/services?q=x HTTP/1.1\r\nHost: localhost\r\n" + headers(limit) + "\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            RawHttp.send(socket, overLimit);
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(431);
            JsonNode problem = TestHttp.jsonMapper().readTree(answer.body());
            assertThat(problem.path("code").asString()).isEqualTo("REQUEST_HEADER_FIELDS_TOO_LARGE");
            assertThat(problem.path("errors").get(0).path("message").asString()).contains("at most 64");
        }
        assertThat(backend.requests()).hasSize(1);
    }

    /** @return n small header fields, {@code X-Filler-1: v} to {@code X-Filler-n: v} */
    private static String headers(int n) {
        StringBuilder fields = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            fields.append("X-Filler-").append(i).append(": v\r\n");
        }
        return fields.toString();
    }

    /**
     * RFC 9112 3.2: a server must answer 400 to an HTTP/1.1 request without a Host header and to
     * any request with more than one; both used to be forwarded. An HTTP/1.0 request may lack it.
     */
    @Test
    void shouldRefuseARequestWithoutAHostOrWithTwo() throws IOException {
        backend.on("GET", "/api/v1/catalog/services", Answer.json("{\"items\": []}"));
        for (String headers : new String[] {
            "", "Host: localhost\r\nHost: example.com\r\n", "Host: localhost\r\nContent-Length: 2\r\nHost: other\r\n"
        }) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                RawHttp.send(
                        socket,
                        "GET /api/v1/catalog/services HTTP/1.1\r\nX-Request-Id: host-1\r\n" + headers
                                + "\r\n{}GET /api/v1/catalog/services HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

                assertThat(answer.status()).as(headers).isEqualTo(400);
                assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
                assertThat(answer.headers().get("x-request-id")).isEqualTo("host-1");
                assertThat(answer.headers().get("connection")).isEqualTo("close");
                JsonNode problem = TestHttp.jsonMapper().readTree(answer.body());
                assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
                assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/catalog/services");
                assertThat(problem.path("errors").get(0).path("field").asString())
                        .isEqualTo("Host");
                // the connection closes: what followed on it is not read as a request
                assertThat(socket.getInputStream().read())
                        .as("connection closed")
                        .isEqualTo(-1);
            }
        }
        assertThat(backend.requests()).isEmpty();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            RawHttp.send(socket, "GET /api/v1/catalog/services HTTP/1.0\r\n\r\n");
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        }
    }

    /**
     * A bad header behind a good request on one kept-alive connection: the good one is answered
     * first and forwarded, the bad one is answered second and not, and no request id of the bad
     * one's is lost when it came after the bad header (a new one is made).
     */
    @Test
    void shouldAnswerABadHeaderInItsTurnBehindAPipelinedRequest() throws IOException {
        backend.on("GET", "/api/v1/catalog/services", Answer.json("{\"items\": []}"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            RawHttp.send(
                    socket,
                    "GET /api/v1/catalog/services HTTP/1.1\r\nHost: localhost\r\n\r\n"
                            + "GET /api/v1/catalog/services?page=1 HTTP/1.1\r\nHost: localhost\r\nX-Foo: a\u0001b\r\n"
                            + "X-Request-Id: too-late\r\n\r\n");

            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
            RawHttp.Answer refused = RawHttp.read(socket.getInputStream());
            assertThat(refused.status()).isEqualTo(400);
            JsonNode problem = TestHttp.jsonMapper().readTree(refused.body());
            assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/catalog/services");
            assertThat(problem.path("requestId").asString())
                    .isNotBlank()
                    .isNotEqualTo("too-late")
                    .isEqualTo(refused.headers().get("x-request-id"));
            assertThat(socket.getInputStream().read()).as("connection closed").isEqualTo(-1);
        }
        assertThat(backend.requests()).hasSize(1);
    }

    /**
     * A method the platform does not speak is refused before routing: it reaches no backend and
     * adds no time series of its own to the metrics (a made-up method on a public route used to
     * add nine).
     */
    @Test
    void shouldRefuseAMethodThePlatformDoesNotSpeakBeforeRoutingIt() {
        backend.on("POST", "/api/v1/auth/otp", Answer.json(202, "{\"otpRef\": \"r4\"}"));
        for (String method : new String[] {"PROPFIND", "MADEUPA", "MADEUPB", "TRACE"}) {
            HttpResponse<String> refused = http.send(http.request("/api/v1/auth/otp")
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build());

            assertProblem(refused, 405, "METHOD_NOT_ALLOWED");
            assertThat(refused.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        }

        assertThat(backend.requests()).isEmpty();
        assertThat(http.get("/actuator/prometheus").body())
                .doesNotContain("MADEUP")
                .doesNotContain("PROPFIND");
    }

    /** The actuator answers an unknown health group with an empty 404; the gateway makes it a problem. */
    @Test
    void shouldAnswerAnUnknownHealthGroupWithAProblemDocument() {
        HttpResponse<String> unknown = http.get("/actuator/health/no-such-group", "X-Request-Id", "health-404");

        JsonNode problem = assertProblem(unknown, 404, "RESOURCE_NOT_FOUND");
        assertThat(problem.path("instance").asString()).isEqualTo("/actuator/health/no-such-group");
        assertThat(problem.path("requestId").asString()).isEqualTo("health-404");
        HttpResponse<String> health = http.get("/actuator/health/liveness");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    /**
     * Boot's discovery page at {@code /actuator} answered anyone with 200 and links built from the
     * request's {@code Host} ({@code http://evil.example/actuator}); only health, info and Prometheus
     * are public.
     */
    @Test
    void shouldServeNoActuatorIndex() {
        HttpResponse<String> index = http.get("/actuator");

        assertThat(index.statusCode()).isEqualTo(404);
        assertThat(index.body()).doesNotContain("_links");
        assertThat(http.get("/actuator/").body()).doesNotContain("_links");
    }

    @Test
    void shouldForwardABodyUnderTheLimit() {
        backend.on("POST", "/api/v1/auth/otp", Answer.json(202, "{\"otpRef\": \"r1\"}"));

        HttpResponse<String> response =
                http.postJson("/api/v1/auth/otp", "{\"mobile\": \"9876543210\", \"purpose\": \"LOGIN\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(backend.requests().get(0).body()).contains("\"purpose\": \"LOGIN\"");
    }

    @Test
    void shouldRecordRequestsPerRouteInItsMetrics() {
        backend.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));
        http.get("/api/v1/catalog/stats");

        assertThat(http.get("/actuator/prometheus").body())
                .contains("spring_cloud_gateway_requests_seconds")
                .contains("routeId=\"catalog-service\"");
    }

    @Test
    void shouldPassTheClientsTraceOnInTraceparent() {
        backend.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        http.get("/api/v1/catalog/stats", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        String forwarded = backend.requests().get(0).header("traceparent");
        assertThat(forwarded).matches("00-" + traceId + "-[0-9a-f]{16}-0[01]");
        assertThat(forwarded).doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void shouldStartATraceWhenTheClientSentNone() {
        backend.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));

        http.get("/api/v1/catalog/stats");

        assertThat(backend.requests().get(0).header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @Test
    void shouldCountRequestsByRouteMethodStatusAndChannel() {
        backend.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));
        http.get("/api/v1/catalog/stats", "X-Channel", "KaiOS");
        http.get("/api/v1/catalog/stats", "X-Channel", "someone's-own-app");
        http.get("/api/v1/nowhere");

        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern("janseva_gateway_requests_seconds_count\\{[^}]*channel=\"kaios\"[^}]*method=\"GET\""
                        + "[^}]*route=\"catalog-service\"[^}]*status=\"200\"")
                .containsPattern("janseva_gateway_requests_seconds_count\\{[^}]*channel=\"other\"")
                .containsPattern(
                        "janseva_gateway_requests_seconds_bucket\\{[^}]*channel=\"none\"[^}]*route=\"none\"[^}]*status=\"404\"")
                .doesNotContain("someone");
    }

    @Test
    void shouldWriteTheRequestIdAndTheTraceIdIntoTheAccessLogLine(CapturedOutput output) {
        backend.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));
        String traceId = "0af7651916cd43dd8448eb211c80319c";

        http.get(
                "/api/v1/catalog/stats",
                "X-Request-Id",
                "trace-log-1",
                "traceparent",
                "00-" + traceId + "-b7ad6b7169203331-01");

        String line = output.getOut()
                .lines()
                .filter(l -> l.contains("\"requestId\":\"trace-log-1\"") && l.contains("org.janseva.access"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access-log line with the request id"));
        assertThat(line).contains("\"traceId\":\"" + traceId + "\"");
        assertThat(line.split("\"requestId\"", -1)).as("one requestId key").hasSize(2);
    }

    @Test
    void shouldNameTheRouteAndTheGatewaysOwnProblemCodeInTheAccessLogLine(CapturedOutput output) {
        backend.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));
        http.get("/api/v1/catalog/stats", "X-Request-Id", "route-log-1");
        http.get("/api/v1/nowhere", "X-Request-Id", "route-log-2");

        String routed = accessLine(output, "route-log-1");
        assertThat(routed).contains("\"route\":\"catalog-service\"").doesNotContain("\"problem\"");
        String refused = accessLine(output, "route-log-2");
        assertThat(refused).contains("\"route\":\"none\"").contains("\"problem\":{\"code\":\"ROUTE_NOT_FOUND\"}");
    }

    private static String accessLine(CapturedOutput output, String requestId) {
        return output.getOut()
                .lines()
                .filter(l -> l.contains("\"requestId\":\"" + requestId + "\"") && l.contains("org.janseva.access"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access-log line with the request id " + requestId));
    }

    /** A POST whose body the JDK client sends chunked (its length is not known in advance). */
    private HttpRequest chunkedPost(String path, byte[] body) {
        return http.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
    }

    private static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Clients that send slowly, stop half-way or hang up: they hold no connection, buffer or login slot
 * for long, and what they do is not counted as the platform's failure. The time limits are set
 * low here (production: 60 s idle, 10 s headers, 15 s body, {@code GatewayTimeoutDefaultsTests}):
 * the headers' well below the idle one, and the catalog route's below the body's.
 */
@WithTestTokenIssuer
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.netty.idle-timeout=2s",
            "platform.gateway.headers-timeout=300ms",
            "platform.gateway.body-timeout=1s",
            "platform.gateway.rate-limit.login-concurrency=2",
            "platform.timeouts.catalog-ms=600"
        })
class GatewayTimeoutsIntegrationTests {

    static final String AUTH = TestTokenIssuer.bearer(TestTokenIssuer.shared().adminToken("platform-admin"));

    static final StubHttpServer backend = StubHttpServer.start().otherwise(Answer.json("{\"ok\": true}"));

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
    void shouldCloseAConnectionThatSendsNoRequestAfterTheIdleTimeout() throws IOException {
        try (Socket socket = open()) {
            long start = System.nanoTime();

            assertThat(readOrTimeout(socket.getInputStream()))
                    .as("end of stream")
                    .contains(-1);
            assertThat(millisSince(start)).isLessThan(3_000);
        }
    }

    /**
     * One header line every 100 ms: closed at the headers' limit (300 ms), long before the idle
     * timeout (2 s), which was all that bounded them (Reactor Netty's idle handler sees no request
     * until its headers are complete).
     */
    @Test
    void shouldCloseAConnectionWhoseHeadersDoNotArriveInTime() throws Exception {
        try (Socket socket = open()) {
            RawHttp.send(socket, "GET /api/v1/catalog/services HTTP/1.1\r\nHost: localhost\r\n");
            CompletableFuture<Optional<Integer>> read =
                    CompletableFuture.supplyAsync(() -> readOrTimeout(inputOf(socket)));
            long start = System.nanoTime();
            for (int i = 0; i < 40 && !read.isDone(); i++) {
                Thread.sleep(100);
                try {
                    RawHttp.send(socket, "X-Slow-" + i + ": 1\r\n");
                } catch (IOException closed) {
                    break;
                }
            }

            assertThat(read.get(6, TimeUnit.SECONDS)).as("end of stream").contains(-1);
            assertThat(millisSince(start)).isLessThan(1_500);
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldAnswerAStalledChunkedBodyWithARequestTimeoutProblemAndCloseTheConnection() throws IOException {
        try (Socket socket = open()) {
            RawHttp.send(
                    socket,
                    "POST /api/v1/auth/otp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"mob\r\n");
            long start = System.nanoTime();

            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

            assertRequestTimeoutProblem(answer);
            assertThat(millisSince(start)).isLessThan(3_000);
            assertClosedAtOnce(socket);
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void shouldAnswerAStalledBodyWithALengthWithARequestTimeoutProblemBeforeTheRoutesLimit() throws IOException {
        // user-service's route waits 5 s for an answer; the body's limit is 1 s
        try (Socket socket = open()) {
            RawHttp.send(
                    socket,
                    "POST /api/v1/auth/otp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"mobile\": ");
            long start = System.nanoTime();

            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

            assertRequestTimeoutProblem(answer);
            assertThat(millisSince(start)).isLessThan(3_000);
            assertClosedAtOnce(socket);
        }
    }

    /**
     * The catalog route's limit (600 ms) passes while the client is still sending: that is the
     * client's slowness, a 408, not a backend's (a 504 and a WARN blaming it, which pages on-call).
     */
    @Test
    void shouldAnswerARequestTimeoutNotAnUpstreamTimeoutWhenTheBodyIsStillArrivingAtTheRoutesLimit(
            CapturedOutput output) throws IOException {
        try (Socket socket = open()) {
            RawHttp.send(
                    socket,
                    "POST /api/v1/catalog/services HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Authorization: " + AUTH + "\r\nX-Request-Id: trickle-route-1\r\n"
                            + "Content-Length: 100\r\n\r\n{\"name\": ");

            assertRequestTimeoutProblem(RawHttp.read(socket.getInputStream()));
        }
        assertThat(output.getOut().lines().filter(l -> l.contains("trickle-route-1") && l.contains("\"WARN\"")))
                .isEmpty();
        assertThat(AccessLines.await(output, "trickle-route-1")).contains("408").contains("REQUEST_TIMEOUT");
    }

    /**
     * The login limit (2 here) counts logins being worked on, not clients still sending: three
     * logins whose bodies have not arrived must not turn a whole one away.
     */
    @Test
    void shouldNotLetLoginsWhoseBodiesHaveNotArrivedHoldTheLoginSlots() throws IOException {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = open();
                slow.add(socket);
                RawHttp.send(
                        socket,
                        "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 50\r\n\r\n{\"mobile\": ");
            }
            // the slow logins have passed the rate limiter and reached the login limit
            sleep(200);

            HttpResponse<String> login = http.postJson("/api/v1/auth/login", "{\"mobile\": \"9876543210\"}");

            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            assertThat(backend.requests()).hasSize(1);
            assertThat(backend.requests().get(0).body()).isEqualTo("{\"mobile\": \"9876543210\"}");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void shouldRecordAClientThatHangsUpMidUploadAsAClientAbortNotAServerFailure(CapturedOutput output)
            throws IOException {
        try (Socket socket = open()) {
            RawHttp.send(
                    socket,
                    "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "X-Request-Id: hang-up-1\r\nContent-Length: 100\r\n\r\n{\"mobile\": ");
            // the gateway is reading the body when the client leaves (a login's, which it reads whole
            // before it takes a login slot, so the request never reaches the backend)
            sleep(500); // within the body's deadline (1 s here)
        }
        assertThat(backend.arrivals("POST", "/api/v1/auth/login")).isZero();

        String line = AccessLines.await(output, "hang-up-1");
        assertThat(line).contains("499").contains("CLIENT_CLOSED_REQUEST");
        assertThat(output.getOut()).doesNotContain("Unexpected gateway failure");
        assertThat(output.getOut().lines().filter(l -> l.contains("hang-up-1") && l.contains("\"ERROR\"")))
                .isEmpty();
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern(
                        "janseva_gateway_requests_seconds_count\\{[^}]*method=\"POST\"" + "[^}]*status=\"499\"")
                .doesNotContainPattern("janseva_gateway_requests_seconds_count\\{[^}]*status=\"5");
    }

    private static void assertRequestTimeoutProblem(RawHttp.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(408);
        assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(answer.headers().get("connection")).isEqualTo("close");
        JsonNode problem = TestHttp.jsonMapper().readTree(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo("REQUEST_TIMEOUT");
        assertThat(problem.get("status").asInt()).isEqualTo(408);
        assertThat(problem.get("requestId").asString()).isNotBlank();
    }

    /** The rest of the body may still come: the connection cannot carry another request. */
    private static void assertClosedAtOnce(Socket socket) throws IOException {
        long answered = System.nanoTime();
        assertThat(readOrTimeout(socket.getInputStream())).as("end of stream").contains(-1);
        assertThat(millisSince(answered)).as("closed after the answer").isLessThan(500);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(6_000);
        return socket;
    }

    private static InputStream inputOf(Socket socket) {
        try {
            return socket.getInputStream();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** @return the next byte, -1 at the end of the stream (a reset counts as one), empty if none came in time */
    private static Optional<Integer> readOrTimeout(InputStream in) {
        try {
            return Optional.of(in.read());
        } catch (SocketTimeoutException ex) {
            return Optional.empty();
        } catch (IOException reset) {
            return Optional.of(-1);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}

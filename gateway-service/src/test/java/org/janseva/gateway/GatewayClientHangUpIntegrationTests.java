package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Clients that hang up after their request was forwarded, while the backend works on it or while
 * their body is still on its way to it: recorded once each as the client's doing, a 499 {@code
 * CLIENT_CLOSED_REQUEST} in the access line and the metric, as one that hangs up before (
 * {@code GatewayTimeoutsIntegrationTests}), with no WARN or ERROR, and the backend call cancelled.
 * The time limits are the production ones, far above what a test waits for (the body's is 1 s in
 * {@code GatewayTimeoutsIntegrationTests}, which a request slowed by a busy machine could reach
 * before its client leaves), and the payment route's is raised, so that no 499 comes from a limit.
 */
@WithTestTokenIssuer
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.timeouts.payment-ms=30000")
class GatewayClientHangUpIntegrationTests {

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

    /**
     * The backend holds its answer; the client leaves by closing its connection, or by a reset (a
     * phone that loses its network).
     */
    @Test
    void shouldRecordAClientThatHangsUpWhileTheBackendWorksOnItsRequestAsAClientAbort(CapturedOutput output)
            throws IOException {
        String path = "/api/v1/payments/slow-answer";
        double before = clientClosedCount("GET", "payment-service");
        List<String> requestIds = new ArrayList<>();
        try (StubHttpServer.Hold hold = backend.hold("GET", path)) {
            for (int i = 0; i < 2; i++) {
                String requestId = "hang-up-slow-" + i;
                requestIds.add(requestId);
                hangUpOnceForwarded("GET", path, requestId, "\r\n", i == 1);
            }

            for (String requestId : requestIds) {
                assertRecordedOnceAsClientClosed(output, requestId);
            }
        }
        assertThat(clientClosedCount("GET", "payment-service") - before).isEqualTo(2);
        assertNoWarningOrError(output, requestIds);
    }

    /**
     * The backend has the request's headers and waits for the rest of its body. The hang-up used to
     * race Reactor Netty's cancellation of the request: the body's error failed the backend call
     * (Reactor Netty's WARN {@code The connection observed an error}), and now and then the request
     * had no access line or metric at all, or was an ERROR. Every request is cancelled now, and the
     * gateway closes its connections to the backend, which stops waiting for the bodies.
     */
    @Test
    void shouldRecordClientsThatHangUpWhileTheirBodyIsForwardedOnceEachAndReleaseTheBackend(CapturedOutput output)
            throws IOException {
        String path = "/api/v1/payments/slow-upload";
        double before = clientClosedCount("POST", "payment-service");
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String requestId = "hang-up-upload-" + i;
            requestIds.add(requestId);
            hangUpOnceForwarded(
                    "POST",
                    path,
                    requestId,
                    "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"amount\": ",
                    i % 2 == 1);
        }

        for (String requestId : requestIds) {
            assertRecordedOnceAsClientClosed(output, requestId);
        }
        // the backend's reads of the bodies end when the gateway closes the connections
        awaitUntil(() -> backend.inFlight() == 0, "no request in flight at the backend");
        assertThat(clientClosedCount("POST", "payment-service") - before).isEqualTo(10);
        assertNoWarningOrError(output, requestIds);
        assertThat(http.get("/actuator/prometheus").body())
                .doesNotContainPattern("janseva_gateway_requests_seconds_count\\{[^}]*status=\"5");
    }

    /**
     * Sends the request line and headers, then {@code rest} (the end of the headers, and a body or
     * the start of one), waits until the backend has received the request, and leaves: closes the
     * connection, or resets it.
     */
    private void hangUpOnceForwarded(String method, String path, String requestId, String rest, boolean reset)
            throws IOException {
        int arrived = backend.arrivals(method, path);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            RawHttp.send(
                    socket,
                    method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + AUTH
                            + "\r\nX-Request-Id: " + requestId + "\r\n" + rest);
            awaitUntil(() -> backend.arrivals(method, path) > arrived, "the request " + requestId + " at the backend");
            if (reset) {
                socket.setSoLinger(true, 0);
            }
        }
    }

    /** One access line: status 499 with its code, the route, the request id and how long it took. */
    private static void assertRecordedOnceAsClientClosed(CapturedOutput output, String requestId) {
        JsonNode line = TestHttp.jsonMapper().readTree(AccessLines.await(output, requestId));
        assertThat(line.get("http").get("status").asInt()).isEqualTo(499);
        assertThat(line.get("problem").get("code").asString()).isEqualTo("CLIENT_CLOSED_REQUEST");
        assertThat(line.get("route").asString()).isEqualTo("payment-service");
        assertThat(line.get("durationMs").asDouble()).isPositive();
        assertThat(AccessLines.of(output, requestId))
                .as("access lines of " + requestId)
                .hasSize(1);
    }

    private static void assertNoWarningOrError(CapturedOutput output, List<String> requestIds) {
        for (String requestId : requestIds) {
            assertThat(output.getOut()
                            .lines()
                            .filter(l -> l.contains("\"requestId\":\"" + requestId + "\"")
                                    && (l.contains("\"level\":\"WARN\"") || l.contains("\"level\":\"ERROR\""))))
                    .as("WARN and ERROR lines of " + requestId)
                    .isEmpty();
        }
    }

    /** @return how many requests with the method and route were recorded with the status 499 */
    private double clientClosedCount(String method, String route) {
        Matcher count = Pattern.compile("janseva_gateway_requests_seconds_count\\{[^}]*method=\"" + method
                        + "\"[^}]*route=\"" + route + "\"[^}]*status=\"499\"[^}]*} (\\S+)")
                .matcher(http.get("/actuator/prometheus").body());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited in vain for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }
}

package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Backends that fail in the ways a rolling deploy and a DNS hiccup make them fail: a service name
 * that does not resolve is a 503 the app may retry, like a refused connection; a backend that
 * reads the request and closes the connection without answering (a pod killed or out of memory
 * mid-request) is a 502 that says the request may or may not have been carried out. Neither is
 * the 500 INTERNAL_ERROR with an ERROR and a stack trace they were.
 */
@WithTestTokenIssuer
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayBackendFailuresIntegrationTests {

    static final HangUpServer hangUp = new HangUpServer();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        // RFC 6761: .invalid never resolves
        registry.add("platform.services.user", () -> "http://user-service.invalid:8082");
        registry.add("platform.services.catalog", () -> "http://127.0.0.1:" + hangUp.port());
    }

    @AfterAll
    static void stop() {
        hangUp.close();
    }

    @Test
    void shouldAnswer503WhenTheBackendsNameDoesNotResolve(CapturedOutput output) {
        HttpResponse<String> response = TestHttp.localhost(port)
                .postJson("/api/v1/auth/otp", "{\"mobile\":\"9876543210\",\"purpose\":\"REGISTER\"}");

        assertProblem(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(output.getOut()).contains("Backend unreachable for /api/v1/auth/otp");
        assertThat(output.getOut()).doesNotContain("Unexpected gateway failure");
    }

    @Test
    void shouldAnswer502WhenTheBackendClosesTheConnectionWithoutAnswering(CapturedOutput output) {
        HttpResponse<String> response = TestHttp.localhost(port).get("/api/v1/catalog/stats");

        assertProblem(response, 502, "BAD_GATEWAY");
        assertThat(response.body()).contains("may or may not have been carried out");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(hangUp.requests()).isPositive();
        assertThat(output.getOut()).contains("Backend closed the connection before answering /api/v1/catalog/stats");
        assertThat(output.getOut()).doesNotContain("Unexpected gateway failure");
    }

    /** Reads each request's head and closes the connection without a byte of answer. */
    static final class HangUpServer implements AutoCloseable {

        private final ServerSocket server;
        private volatile int requests;

        HangUpServer() {
            try {
                server = new ServerSocket(0);
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            Thread thread = new Thread(this::serve, "hang-up-backend");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int requests() {
            return requests;
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    readHead(socket.getInputStream());
                    requests++;
                } catch (IOException ex) {
                    // closed by the test, or the gateway gave up: either way the next one
                }
            }
        }

        private static void readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                head.append((char) b);
                if (head.toString().endsWith("\r\n\r\n")) {
                    return;
                }
            }
            throw new IOException("no request head: " + head.toString().getBytes(StandardCharsets.ISO_8859_1).length);
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}

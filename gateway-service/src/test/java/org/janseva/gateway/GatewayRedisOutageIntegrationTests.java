package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Redis that stalls (accepts the connection, reads every command and never answers: a busy
 * server, or a partition that drops packets) must not hold the platform's requests: each one waits
 * {@code redis-timeout} for its decision and then passes unchecked, with no count of what is left.
 * Before, every request waited for Lettuce's command timeout of a minute.
 */
@WithTestTokenIssuer
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.gateway.rate-limit.redis=true", "platform.gateway.rate-limit.redis-timeout=200ms"})
class GatewayRedisOutageIntegrationTests {

    static final StubHttpServer backend = StubHttpServer.start().otherwise(Answer.json("{}"));
    static final StalledRedis redis = new StalledRedis();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("platform.services.user", () -> backend.baseUri().toString());
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> Integer.toString(redis.port()));
        // Lettuce's own default: what a request waited before the decision had its own time limit
        registry.add("spring.data.redis.timeout", () -> "60s");
    }

    @AfterAll
    static void stop() {
        backend.close();
        redis.close();
    }

    @Test
    void shouldLetRequestsThroughUncheckedWhileRedisStalls() {
        TestHttp http = TestHttp.localhost(port);
        String citizen = TestTokenIssuer.bearer(TestTokenIssuer.shared().citizenToken("stall-" + UUID.randomUUID()));

        // TestHttp gives up after 30 s: a request held for Lettuce's minute fails here
        HttpResponse<String> first = http.get("/api/v1/users/me", "Authorization", citizen);
        HttpResponse<String> second = http.get("/api/v1/users/me", "Authorization", citizen);

        // the gateway did reach the stalled Redis (its connection may be opened after the first
        // decisions passed unchecked: Lettuce connects on the first command)
        for (int i = 0; i < 100 && redis.connections() == 0; i++) {
            http.get("/api/v1/users/me", "Authorization", citizen);
        }
        assertThat(redis.connections()).isPositive();
        for (HttpResponse<String> answer : List.of(first, second)) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("RateLimit-Limit")).contains("40");
            // not counted: no claim that the caller's bucket is empty (or anything else)
            assertThat(answer.headers().firstValue("RateLimit-Remaining")).isEmpty();
            assertThat(answer.headers().firstValue("RateLimit-Reset")).isEmpty();
        }
        assertThat(unchecked(http.get("/actuator/prometheus").body())).isGreaterThanOrEqualTo(2);
    }

    private static double unchecked(String metrics) {
        Matcher m = Pattern.compile("(?m)^janseva_gateway_rate_limit_unchecked_total(?:\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        assertThat(m.find())
                .as("janseva_gateway_rate_limit_unchecked_total in\n%s", metrics)
                .isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Accepts connections and reads whatever is sent, never answering. */
    static final class StalledRedis implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        StalledRedis() {
            try {
                server = new ServerSocket(0);
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            daemon(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return sockets.size();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    daemon(() -> drain(socket));
                } catch (IOException ex) {
                    return;
                }
            }
        }

        private static void daemon(Runnable task) {
            Thread thread = new Thread(task, "stalled-redis");
            thread.setDaemon(true);
            thread.start();
        }

        private static void drain(Socket socket) {
            try (InputStream in = socket.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // closed by the test
            }
        }

        @Override
        public void close() {
            try {
                server.close();
                for (Socket socket : sockets) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}

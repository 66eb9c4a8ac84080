package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The rate limits shared in Redis (the Redis at localhost:6379, which CI starts): the buckets
 * live in Redis under the caller's key, so every gateway instance sees the same counts.
 */
@WithTestTokenIssuer
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.gateway.rate-limit.redis=true",
            "platform.gateway.rate-limit.authenticated-rate=1",
            "platform.gateway.rate-limit.authenticated-burst=2"
        })
class GatewayRedisRateLimitIntegrationTests {

    static final StubHttpServer backend = StubHttpServer.start().otherwise(Answer.json("{}"));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("platform.services.user", () -> backend.baseUri().toString());
        registry.add("spring.data.redis.host", () -> "localhost");
        registry.add("spring.data.redis.port", () -> "6379");
    }

    @BeforeAll
    static void requireRedis() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", 6379), 500);
        } catch (IOException ex) {
            Assumptions.abort("No Redis at localhost:6379 (.ci/run starts one)");
        }
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void shouldCountACitizensRequestsInRedis() {
        TestHttp http = TestHttp.localhost(port);
        // warm up (JWKS fetch, Redis connection, JIT) with another citizen, until Redis decides:
        // the requests before Lettuce has connected pass unchecked (no RateLimit-Remaining), as
        // every request does while Redis does not answer within redis-timeout
        String warm = TestTokenIssuer.bearer(TestTokenIssuer.shared().citizenToken("redis-warm-" + UUID.randomUUID()));
        for (int i = 0; i < 50; i++) {
            if (http.get("/api/v1/users/me", "Authorization", warm)
                    .headers()
                    .firstValue("RateLimit-Remaining")
                    .isPresent()) {
                break;
            }
            pause(200);
        }
        String citizen = TestTokenIssuer.bearer(TestTokenIssuer.shared().citizenToken("redis-" + UUID.randomUUID()));

        HttpResponse<String> first = http.get("/api/v1/users/me", "Authorization", citizen);
        HttpResponse<String> second = http.get("/api/v1/users/me", "Authorization", citizen);
        // Spring Cloud Gateway's Redis script refills by whole seconds of Redis TIME: when the
        // requests straddle a second, one more token arrives; four more requests hold at most one
        List<HttpResponse<String>> more = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            more.add(http.get("/api/v1/users/me", "Authorization", citizen));
        }

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).contains("2");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("1");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(more).filteredOn(r -> r.statusCode() == 200).hasSizeLessThanOrEqualTo(1);
        HttpResponse<String> refused =
                more.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertProblem(refused, 429, "RATE_LIMITED");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}

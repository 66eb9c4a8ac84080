package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway behind one ingress ({@code trusted-proxy-hops=1}): every request comes from the
 * ingress's address, and the citizen's is the last entry of {@code X-Forwarded-For}. Anonymous
 * rate limits are per citizen, not one bucket for the whole country, and what a client writes
 * into the header itself does not buy it a fresh bucket.
 */
@WithTestTokenIssuer
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.gateway.trusted-proxy-hops=1",
            "platform.gateway.rate-limit.anonymous-rate=1",
            "platform.gateway.rate-limit.anonymous-burst=2"
        })
class GatewayBehindProxyIntegrationTests {

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
    void shouldTellTheBackendTheCitizensAddressNotTheProxysNorTheClientsClaim() {
        http.postJson(
                "/api/v1/auth/otp",
                "{}",
                "X-Forwarded-For",
                "203.0.113.9, 198.51.100.21",
                "X-Internal-Client-Address",
                "203.0.113.9");

        assertThat(backend.requests().get(0).header("X-Internal-Client-Address"))
                .isEqualTo("198.51.100.21");
    }

    @Test
    void shouldKeepOneAnonymousBucketPerCitizenBehindTheProxy() {
        for (int i = 0; i < 2; i++) {
            assertThat(http.get("/api/v1/catalog/stats", "X-Forwarded-For", "198.51.100.31")
                            .statusCode())
                    .isEqualTo(200);
        }
        assertProblem(http.get("/api/v1/catalog/stats", "X-Forwarded-For", "198.51.100.31"), 429, "RATE_LIMITED");
        // forged entries before the proxy's do not make a new bucket
        assertProblem(
                http.get("/api/v1/catalog/stats", "X-Forwarded-For", "10.9.9.9, 198.51.100.31"), 429, "RATE_LIMITED");

        // another citizen behind the same proxy is not limited by the first one
        assertThat(http.get("/api/v1/catalog/stats", "X-Forwarded-For", "198.51.100.32")
                        .statusCode())
                .isEqualTo(200);
    }
}

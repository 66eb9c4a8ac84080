package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
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
 * The gateway behind one ingress ({@code trusted-proxy-hops=1}): every request comes from the
 * ingress's address, and the citizen's is the last entry of {@code X-Forwarded-For}. Anonymous
 * rate limits are per citizen, not one bucket for the whole country, and what a client writes
 * into the header itself does not buy it a fresh bucket. A request the token check refuses counts
 * against its address's bucket too, before it is refused.
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

    /**
     * Named in the client's Connection header, the citizen's address (taken from
     * {@code X-Forwarded-For}) still reaches the backend.
     */
    @Test
    void shouldTellTheBackendTheCitizensAddressEvenWhenTheClientNamesItInConnection() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            RawHttp.send(
                    socket,
                    "POST /api/v1/auth/otp HTTP/1.1\r\nHost: localhost\r\n"
                            + "Connection: X-Internal-Client-Address, X-Forwarded-For, X-Request-Id\r\n"
                            + "X-Forwarded-For: 203.0.113.9, 198.51.100.22\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 2\r\n\r\n{}");
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        }

        StubHttpServer.Recorded forwarded = backend.requests().get(0);
        assertThat(forwarded.header("X-Internal-Client-Address")).isEqualTo("198.51.100.22");
        assertThat(forwarded.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void shouldKeepOneAnonymousBucketPerCitizenBehindTheProxy() {
        // the first request a fresh context forwards can take a second on a loaded machine, long
        // enough for the bucket below to refill: it comes from another address
        http.get("/api/v1/catalog/stats", "X-Forwarded-For", "198.51.100.30");
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

    @Test
    void shouldCountRequestsWithoutATokenAgainstTheAddressBeforeRefusingThem() {
        List<HttpResponse<String>> answers = burst("198.51.100.41");

        assertProblem(answers.get(0), 401, "UNAUTHENTICATED");
        assertLimitedAfterTheBurst(answers);
    }

    @Test
    void shouldCountRequestsWithABadTokenAgainstTheAddressBeforeRefusingThem() {
        TestTokenIssuer tokens = TestTokenIssuer.shared();
        List<String> bad = List.of(
                tokens.tamperedToken("c-1"),
                tokens.expiredToken("c-1"),
                tokens.otherKeyToken("c-1"),
                tokens.unsignedToken("c-1"),
                tokens.tamperedToken("c-2"),
                "not-a-jwt");
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (String token : bad) {
            answers.add(http.get(
                    "/api/v1/users/me",
                    "Authorization",
                    TestTokenIssuer.bearer(token),
                    "X-Forwarded-For",
                    "198.51.100.42"));
        }

        assertProblem(answers.get(0), 401, "UNAUTHENTICATED");
        assertLimitedAfterTheBurst(answers);
    }

    @Test
    void shouldKeepAValidCitizensOwnBucketWhenTheirAddressIsLimited() {
        assertLimitedAfterTheBurst(burst("198.51.100.43"));

        HttpResponse<String> citizen = http.get(
                "/api/v1/users/me",
                "Authorization",
                TestTokenIssuer.bearer(TestTokenIssuer.shared().citizenToken("citizen-behind-limited-address")),
                "X-Forwarded-For",
                "198.51.100.43");

        assertThat(citizen.statusCode()).isEqualTo(200);
    }

    /** Six requests without a token for a protected path, from one address, one after another. */
    private List<HttpResponse<String>> burst(String address) {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(http.get("/api/v1/users/me", "X-Forwarded-For", address));
        }
        return answers;
    }

    /**
     * The bucket holds 2 and refills 1 a second: six requests in a row meet a 429 unless the
     * machine takes seconds for them, and none of them reaches the backend.
     */
    private void assertLimitedAfterTheBurst(List<HttpResponse<String>> answers) {
        HttpResponse<String> limited = answers.stream()
                .filter(r -> r.statusCode() == 429)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 429 among "
                        + answers.stream().map(HttpResponse::statusCode).toList()));
        assertProblem(limited, 429, "RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.headers().firstValue("RateLimit-Limit")).contains("2");
        assertThat(limited.headers().firstValue("RateLimit-Remaining")).contains("0");
        assertThat(limited.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(401, 429));
        assertThat(backend.requests()).isEmpty();
    }
}

package org.janseva.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service whose token issuer goes down after its keys were fetched, over real HTTP, with the
 * key cache's time to live cut from 5 minutes to 2 s and the outage tolerance from 1 h to 10 s
 * ({@link PlatformJwkSource}). Tokens the service has never seen, signed with a key it fetched
 * before the outage, are still checked once the cache's time is up; a token of a key it never
 * fetched is still a 503; the kept keys are not used past the tolerance; a key rotation is
 * followed. Every token here is new to the service (a new citizen), so none is answered from the
 * verified-token cache.
 */
@SpringBootTest(
        classes = PlatformSecurityIntegrationTests.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.jwk-set-cache-ttl=2s", "platform.security.jwk-set-outage-tolerance=10s"})
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysOutageIntegrationTests {

    private static final String JWKS = "/oauth2/jwks";

    private static final long CACHE_TTL_MILLIS = 2_000;

    private static final long OUTAGE_TOLERANCE_NANOS = 10_000_000_000L;

    static final TestTokenIssuer issuer = TestTokenIssuer.start();

    static String keys;

    @LocalServerPort
    int port;

    TestHttp http;

    @DynamicPropertySource
    static void issuerProperties(DynamicPropertyRegistry registry) {
        issuer.registerProperties(registry);
    }

    @BeforeAll
    static void keepTheKeys() {
        keys = TestHttp.to(issuer.server().baseUri()).get(JWKS).body();
    }

    @AfterAll
    static void stopTheIssuer() {
        issuer.close();
    }

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @Test
    @Order(1)
    void shouldCheckNewTokensAgainstTheKeptKeysWhileTheIssuerIsDownAndNotBeyondTheTolerance(CapturedOutput output)
            throws InterruptedException {
        assertThat(me("c-before").statusCode()).isEqualTo(200);
        long fetched = System.nanoTime();
        issuer.server().on("GET", JWKS, new Answer(503, "text/html", "<html>Maintenance</html>", 0, Map.of()));
        issuer.server().clearRequests();
        Thread.sleep(CACHE_TTL_MILLIS + 200);

        // the cache's time is up and the fetch fails: tokens of the kept key are still checked (the
        // tolerance of 10 s leaves these calls over 7 s: under a loaded build 5 s was once too few)
        long during = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = me("c-during-" + i);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(TestHttp.json(response).path("citizenId").asString()).isEqualTo("c-during-" + i);
        }
        // ... and the failed fetch is tried again once per cache period (2 s), not for every request:
        // once, or once more per cache period these 10 calls took on a loaded machine
        long periods = (System.nanoTime() - during) / 1_000_000 / CACHE_TTL_MILLIS;
        int fetches = issuer.server().arrivals("GET", JWKS);
        assertThat(fetches).isBetween(1, 1 + (int) periods);
        List<String> warnings = output.getOut()
                .lines()
                .filter(l -> l.contains("\"level\":\"WARN\"") && l.contains("Could not fetch user-service's keys"))
                .toList();
        // one WARN per failed renewal
        assertThat(warnings).hasSize(fetches);
        assertThat(warnings.get(0))
                .contains("(JWKSetRetrievalException: 503 Service Unavailable")
                .contains("for at most");
        assertThat(output.getOut()).doesNotContain("\"level\":\"ERROR\"");

        // a key the kept set lacks cannot be checked without a fetch: 503, not a 401 and not accepted
        assertProblem(
                http.get("/test/me", "Authorization", TestTokenIssuer.bearer(issuer.nextKeyToken("c-next"))),
                503,
                ProblemSecurityHandlers.AUTHENTICATION_UNAVAILABLE);

        // past the tolerance (10 s after the last fetch that worked) the kept keys are not used. Nimbus's
        // cache sits outside the outage-tolerant source and keeps what that source last gave it for a
        // cache period, so the kept keys can serve until tolerance + one cache period: wait past that
        // (waiting past the tolerance alone failed when the requests above ran late, on a cold JVM)
        Thread.sleep(Math.max(0, (fetched + OUTAGE_TOLERANCE_NANOS - System.nanoTime()) / 1_000_000)
                + CACHE_TTL_MILLIS
                + 300);
        assertProblem(me("c-too-late"), 503, ProblemSecurityHandlers.AUTHENTICATION_UNAVAILABLE);
    }

    @Test
    @Order(2)
    void shouldFollowAKeyRotationOnceTheIssuerIsBack() {
        issuer.server().on("GET", JWKS, Answer.json(keys));
        assertThat(me("c-back").statusCode()).isEqualTo(200);

        issuer.publishNextKey();
        HttpResponse<String> rotated =
                http.get("/test/me", "Authorization", TestTokenIssuer.bearer(issuer.nextKeyToken("c-rotated")));

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(TestHttp.json(rotated).path("citizenId").asString()).isEqualTo("c-rotated");
        // a token signed by a key the issuer never published (under a known key id) is still refused
        assertProblem(
                http.get("/test/me", "Authorization", TestTokenIssuer.bearer(issuer.otherKeyToken("c-forged"))),
                401,
                "UNAUTHENTICATED");
    }

    private HttpResponse<String> me(String citizenId) {
        return http.get("/test/me", "Authorization", TestTokenIssuer.bearer(issuer.citizenToken(citizenId)));
    }
}

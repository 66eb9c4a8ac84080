package org.janseva.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A signing key withdrawn from user-service's JWKS is refused for the tokens the service has
 * already verified and keeps in its {@link VerifiedTokenCache}, not only for new ones: a real
 * service, the JWKS served over real HTTP by a {@link TestTokenIssuer} of this class alone, the key
 * set's time to live cut from 5 minutes to 2 s. Every request after the first of a token is
 * answered from the cache, so nothing but the cache's own renewal of the key set fetches the
 * JWKS. Through an outage of the JWKS the cached tokens of the kept keys still pass.
 */
@SpringBootTest(
        classes = PlatformSecurityIntegrationTests.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.jwk-set-cache-ttl=2s", "platform.security.jwk-set-outage-tolerance=1m"})
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyWithdrawalIntegrationTests {

    private static final String JWKS = "/oauth2/jwks";

    /** Far longer than any wait here should take: the set renewed after its 2 s, on a busy machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static final TestTokenIssuer issuer = TestTokenIssuer.start();

    /** The JWKS holding the issuer's first key alone. */
    static String firstKeyOnly;

    @LocalServerPort
    int port;

    @Autowired
    JwtDecoder decoder;

    TestHttp http;

    @DynamicPropertySource
    static void issuerProperties(DynamicPropertyRegistry registry) {
        issuer.registerProperties(registry);
    }

    @BeforeAll
    static void keepTheFirstKey() {
        firstKeyOnly = TestHttp.to(issuer.server().baseUri()).get(JWKS).body();
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
    void shouldRefuseACachedTokenOnceItsKeyIsWithdrawnFromTheJwks() {
        issuer.publishNextKey();
        String withdrawn = issuer.nextKeyToken("c-withdrawn");
        String kept = issuer.citizenToken("c-kept");
        assertThat(me(kept).statusCode()).isEqualTo(200);
        assertThat(me(withdrawn).statusCode()).isEqualTo(200);
        VerifiedTokenCache cache = (VerifiedTokenCache) decoder;
        // both are kept once the cache has seen both keys in the set (at once, off the request)
        waitFor("both tokens cached", () -> {
            me(kept);
            me(withdrawn);
            return cache.size() == 2;
        });

        issuer.server().on("GET", JWKS, Answer.json(firstKeyOnly));

        // the same token, answered from the cache until the set is renewed, is refused after
        waitFor(
                "the cached token of the withdrawn key refused",
                () -> me(withdrawn).statusCode() == 401);
        assertProblem(me(withdrawn), 401, "UNAUTHENTICATED");
        assertProblem(me(issuer.nextKeyToken("c-new")), 401, "UNAUTHENTICATED");
        // the kept key's tokens pass, the cached one and a new one
        assertThat(me(kept).statusCode()).isEqualTo(200);
        assertThat(me(issuer.citizenToken("c-new")).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void shouldStillAcceptCachedTokensOfTheKeptKeysWhileTheJwksIsDown(CapturedOutput output) {
        issuer.server().on("GET", JWKS, Answer.json(firstKeyOnly));
        String kept = issuer.citizenToken("c-during-outage");
        VerifiedTokenCache cache = (VerifiedTokenCache) decoder;
        long before = cache.size();
        waitFor("the token cached", () -> me(kept).statusCode() == 200 && cache.size() > before);

        issuer.server().on("GET", JWKS, new Answer(503, "text/html", "<html>Maintenance</html>", 0, Map.of()));
        issuer.server().clearRequests();
        // two renewals tried, and failed: the first has been answered by the time the second is asked
        waitFor("two failed renewals of the key set", () -> {
            me(kept);
            return issuer.server().arrivals("GET", JWKS) >= 2;
        });

        HttpResponse<String> response = me(kept);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("citizenId").asString()).isEqualTo("c-during-outage");
        assertThat(me(issuer.citizenToken("c-new-during-outage")).statusCode()).isEqualTo(200);
        List<String> warnings = output.getOut()
                .lines()
                .filter(l -> l.contains("\"level\":\"WARN\"") && l.contains("Could not fetch user-service's keys"))
                .toList();
        assertThat(warnings).isNotEmpty().allSatisfy(w -> assertThat(w).contains("503 Service Unavailable"));
        assertThat(output.getOut()).doesNotContain("\"level\":\"ERROR\"");
        issuer.server().on("GET", JWKS, Answer.json(firstKeyOnly));
    }

    private HttpResponse<String> me(String token) {
        return http.get("/test/me", "Authorization", TestTokenIssuer.bearer(token));
    }

    private static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline)
                    .as("waited %s for %s", PATIENCE, what)
                    .isNegative();
            try {
                Thread.sleep(50);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }
}

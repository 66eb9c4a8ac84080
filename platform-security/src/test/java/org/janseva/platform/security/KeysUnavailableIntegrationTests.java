package org.janseva.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.janseva.platform.test.StubHttpServer;
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
import tools.jackson.databind.JsonNode;

/**
 * A service whose token issuer's keys (the JWKS) cannot be fetched, over real HTTP: the issuer is
 * a {@link TestTokenIssuer} of this class alone, whose JWKS endpoint hangs, answers garbage,
 * answers too late or is closed. A token that cannot be checked is a 503
 * {@code AUTHENTICATION_UNAVAILABLE} problem with {@code Retry-After} and one WARN line, not a 500
 * with an ERROR and a stack trace, and not a 401 (the token may be fine). The key set is cached
 * once fetched, so the tests run in order: every failure first, then the keys back, then the
 * issuer closed during a key rotation.
 */
@SpringBootTest(
        classes = PlatformSecurityIntegrationTests.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.security.public-paths[0]=GET /test/open/**",
            // shorter than the default (3 s), which would wait for the late answer below
            "platform.security.jwk-set-read-timeout=300ms"
        })
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysUnavailableIntegrationTests {

    private static final String JWKS = "/oauth2/jwks";

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
    void shouldAnswer503WithRetryAfterWhileTheKeysEndpointHangs(CapturedOutput output) {
        try (StubHttpServer.Hold hold = issuer.server().hold("GET", JWKS)) {
            HttpResponse<String> response = me("c-hang", "keys-hang-1");

            assertUnavailable(response);
            assertOneWarningAndNoError(output, "keys-hang-1", "JWKSetRetrievalException: Read timed out");
            // an open path goes on anonymously, as with a token that does not verify
            HttpResponse<String> open =
                    http.get("/test/open/who", "Authorization", TestTokenIssuer.bearer(issuer.citizenToken("c-hang")));
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(TestHttp.json(open).path("caller").asString()).isEqualTo("anonymous");
        }
    }

    @Test
    @Order(2)
    void shouldAnswer503WhenTheKeysEndpointAnswersSomethingElseThanKeys(CapturedOutput output) {
        Map<String, Answer> garbage = Map.of(
                "html", new Answer(200, "text/html", "<html>Down for maintenance</html>", 0, Map.of()),
                "not-a-key-set", Answer.json("{\"keys\": 42}"),
                // quoted in the reason: a whole page of it must not be
                "error", new Answer(502, "text/html", "<html>" + "Bad gateway ".repeat(500) + "</html>", 0, Map.of()));
        garbage.forEach((what, answer) -> {
            issuer.server().on("GET", JWKS, answer);
            String requestId = "keys-garbage-" + what;

            assertUnavailable(me("c-garbage", requestId));
            assertOneWarningAndNoError(
                    output,
                    requestId,
                    what.equals("error")
                            ? "JWKSetRetrievalException: 502 Bad Gateway on GET request for"
                            : "JWKSetParseException: ");
        });
    }

    /** The configured read timeout is the one used: Spring Security's default would be 500 ms, ours 3 s. */
    @Test
    @Order(3)
    void shouldGiveUpOnKeysThatComeLaterThanTheReadTimeout(CapturedOutput output) {
        issuer.server().on("GET", JWKS, Answer.json(keys).delayedBy(1_500));

        assertUnavailable(me("c-late", "keys-late-1"));
        assertOneWarningAndNoError(output, "keys-late-1", "JWKSetRetrievalException: Read timed out");
    }

    @Test
    @Order(4)
    void shouldVerifyTokensAsBeforeOnceTheKeysCanBeFetched() {
        issuer.server().on("GET", JWKS, Answer.json(keys));

        HttpResponse<String> response = me("c-back", "keys-back-1");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("citizenId").asString()).isEqualTo("c-back");
        // a bad token is still a 401, not a 503
        assertProblem(
                http.get("/test/me", "Authorization", TestTokenIssuer.bearer(issuer.expiredToken("c-back"))),
                401,
                "UNAUTHENTICATED");
    }

    /** A token signed with a key the cached set lacks needs a fetch: with the issuer closed, none can be had. */
    @Test
    @Order(5)
    void shouldAnswer503ForATokenOfANewKeyWhileTheIssuerIsClosed(CapturedOutput output) {
        issuer.close();

        HttpResponse<String> response = http.get(
                "/test/me",
                "Authorization",
                TestTokenIssuer.bearer(issuer.unknownKidToken("c-rotated")),
                "X-Request-Id",
                "keys-closed-1");

        assertUnavailable(response);
        assertOneWarningAndNoError(output, "keys-closed-1", "JWKSetRetrievalException: Connection refused");
        // a token of the cached key is still checked without the issuer
        assertThat(me("c-cached-key", "keys-closed-2").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> me(String citizenId, String requestId) {
        return http.get(
                "/test/me",
                "Authorization",
                TestTokenIssuer.bearer(issuer.citizenToken(citizenId)),
                "X-Request-Id",
                requestId);
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        JsonNode problem = assertProblem(response, 503, ProblemSecurityHandlers.AUTHENTICATION_UNAVAILABLE);
        assertThat(problem.path("type").asString())
                .isEqualTo("https://janseva.org/problems/authentication-unavailable");
        assertThat(problem.path("title").asString()).isEqualTo("Authentication unavailable");
        assertThat(problem.path("instance").asString()).isEqualTo("/test/me");
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        // not a challenge: the token was not refused
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    /** One WARN line of the request, naming the cause, and no ERROR or stack trace from anyone. */
    private static void assertOneWarningAndNoError(CapturedOutput output, String requestId, String cause) {
        List<String> lines = output.getOut().lines().toList();
        List<String> warnings = lines.stream()
                .filter(l -> l.contains("\"requestId\":\"" + requestId + "\""))
                .filter(l -> l.contains("\"level\":\"WARN\""))
                .toList();
        assertThat(warnings).as("WARN lines of %s", requestId).hasSize(1);
        String message =
                TestHttp.jsonMapper().readTree(warnings.get(0)).path("message").asString();
        assertThat(message)
                .contains("AUTHENTICATION_UNAVAILABLE")
                .contains(cause)
                .hasSizeLessThan(500);
        assertThat(lines)
                .as("log lines")
                .noneMatch(l -> l.contains("\"level\":\"ERROR\""))
                .noneMatch(l -> l.contains("stack_trace") || l.startsWith("\tat "));
        assertThat(accessLine(output, requestId)).contains("\"status\":503");
    }

    /**
     * @return the access line of the request, which is written once the answer has left (a problem
     *     written whole, with its length, is sent before the filters return): waited for
     */
    private static String accessLine(CapturedOutput output, String requestId) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<String> found = output.getOut()
                    .lines()
                    .filter(l -> l.contains("\"requestId\":\"" + requestId + "\"") && l.contains("org.janseva.access"))
                    .toList();
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                assertThat(found).as("access lines of %s", requestId).hasSize(1);
                return found.get(0);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }
}

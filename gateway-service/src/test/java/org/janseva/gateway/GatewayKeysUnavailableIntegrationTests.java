package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.Map;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.StubHttpServer.Recorded;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
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
 * A gateway that has never held user-service's keys (it started during an outage of
 * user-service) and cannot fetch them: a token on a protected path could not be checked at all,
 * which is 503 {@code AUTHENTICATION_UNAVAILABLE} with {@code Retry-After}, as the services answer,
 * not the 401 {@code invalid_token} that makes the app throw the citizen's login away. Real
 * gateway, the JWKS on a stub HTTP server answering 500 until the test brings it back.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.gateway.auth.jwks-refetch-cooldown=1s"})
@ExtendWith(OutputCaptureExtension.class)
class GatewayKeysUnavailableIntegrationTests {

    private static final String JWKS = "/oauth2/jwks";

    static final StubHttpServer backend = StubHttpServer.start().otherwise(Answer.json("{\"ok\": true}"));

    /** This class's own issuer, its JWKS failing from the start: the gateway never got a key set. */
    static final TestTokenIssuer issuer = TestTokenIssuer.start();

    static {
        issuer.server().on("GET", JWKS, new Answer(500, "text/html", "<html>Internal error</html>", 0, Map.of()));
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        issuer.registerProperties(registry);
        registry.add("platform.services.catalog", () -> backend.baseUri().toString());
        registry.add("platform.services.user", () -> backend.baseUri().toString());
        registry.add("platform.services.payment", () -> backend.baseUri().toString());
    }

    @AfterAll
    static void stop() {
        backend.close();
        issuer.close();
    }

    @Test
    void shouldAnswer503WhenNoKeySetCanBeHadAndCheckTokensAgainOnceItCan(CapturedOutput output) {
        TestHttp http = TestHttp.localhost(port);
        String token = TestTokenIssuer.bearer(issuer.citizenToken("c-unchecked"));

        // the first request's fetch fails; the next ones fall within the re-fetch cooldown, when
        // no fetch is tried at all: all of them are the same 503, none a 401
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = http.get("/api/v1/users/me", "Authorization", token);
            assertProblem(response, 503, "AUTHENTICATION_UNAVAILABLE");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
        assertThat(issuer.server().arrivals("GET", JWKS)).isPositive();
        assertThat(backend.requests()).as("nothing was routed").isEmpty();

        // a public path still works: the token that cannot be checked is dropped, not passed on
        HttpResponse<String> open = http.get("/api/v1/catalog/services", "Authorization", token);
        assertThat(open.statusCode()).isEqualTo(200);
        Recorded routed = backend.requests().get(backend.requests().size() - 1);
        assertThat(routed.header("Authorization")).isNull();

        // a token that is bad whatever the keys (no signature) is still a 401
        assertProblem(
                http.get("/api/v1/users/me", "Authorization", TestTokenIssuer.bearer(issuer.unsignedToken("x"))),
                401,
                "UNAUTHENTICATED");

        // user-service answers again: once the cooldown lets a fetch through, the token is checked
        issuer.publishNextKey();
        long deadline = System.nanoTime() + 30_000_000_000L;
        HttpResponse<String> response = http.get("/api/v1/users/me", "Authorization", token);
        while (response.statusCode() == 503 && System.nanoTime() < deadline) {
            pause();
            response = http.get("/api/v1/users/me", "Authorization", token);
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        assertThat(output.getOut())
                .contains("Could not fetch user-service's keys: JWKSetRetrievalException: ")
                .doesNotContain("\"level\":\"ERROR\"");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}

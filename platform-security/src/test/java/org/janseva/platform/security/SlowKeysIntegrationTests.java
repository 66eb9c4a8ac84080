package org.janseva.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The default timeouts of fetching the keys, over real HTTP: a key endpoint that takes a second to
 * answer (user-service busy, a loaded machine) is waited for. Spring Security's own default gave
 * up after 500 ms, and the citizen got a 500.
 */
@SpringBootTest(
        classes = PlatformSecurityIntegrationTests.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowKeysIntegrationTests {

    static final TestTokenIssuer issuer = TestTokenIssuer.start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void issuerProperties(DynamicPropertyRegistry registry) {
        issuer.registerProperties(registry);
    }

    @AfterAll
    static void stopTheIssuer() {
        issuer.close();
    }

    @Test
    void shouldWaitForKeysThatTakeASecond() {
        String keys = TestHttp.to(issuer.server().baseUri()).get("/oauth2/jwks").body();
        issuer.server().on("GET", "/oauth2/jwks", Answer.json(keys).delayedBy(1_000));

        HttpResponse<String> response = TestHttp.localhost(port)
                .get("/test/me", "Authorization", TestTokenIssuer.bearer(issuer.citizenToken("c-slow")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("citizenId").asString()).isEqualTo("c-slow");
    }
}

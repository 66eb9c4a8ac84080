package org.janseva.user.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * user-service's own token check and JWKS while its key table cannot be read, over real HTTP: the
 * test renames {@code signing_key} (the read fails as it would with PostgreSQL down, without
 * stopping the server the other tests share) and moves the clock past the key cache's time. Every
 * token is used once only, so that none is answered from the verified-token cache.
 */
@UserServiceTest
@ExtendWith(OutputCaptureExtension.class)
class SigningKeysOutageIntegrationTests {

    private static final String WARNING = "Could not reload the signing keys";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SigningKeys signingKeys;

    @Autowired
    AuthorizationServerProperties properties;

    @Autowired
    MutableClock clock;

    TestHttp http;
    Citizen citizen;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        citizen = new Citizen(http);
        // read at the next use, whatever the clock said when another test had them read
        signingKeys.reload();
    }

    @AfterEach
    void restore() {
        jdbc.sql("alter table if exists signing_key_away rename to signing_key").update();
        clock.reset();
        signingKeys.reload();
    }

    @Test
    void shouldCheckTokensAndPublishTheKeysItReadBeforeWhileTheKeyTableCannotBeRead(CapturedOutput output) {
        List<String> tokens = unusedTokens(5);
        HttpResponse<String> jwks = http.get("/oauth2/jwks");
        assertThat(jwks.statusCode()).isEqualTo(200);
        tableAway();
        clock.advance(properties.keyCacheTtl().plusSeconds(1));

        // the cache's time is up and the table cannot be read: the keys read before are used
        for (String token : tokens.subList(0, 3)) {
            assertAccepted(token);
        }
        HttpResponse<String> keptJwks = http.get("/oauth2/jwks");
        assertThat(keptJwks.statusCode()).isEqualTo(200);
        assertThat(keptJwks.body()).isEqualTo(jwks.body());
        // ... and the read is tried again a few seconds later, not for every request
        List<String> warnings = warnings(output);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains("(BadSqlGrammarException: ERROR: relation ")
                .contains("signing_key")
                .contains("does not exist")
                .contains("using the keys loaded")
                .doesNotContain("\"stack_trace\"")
                .doesNotContain("\tat ");
        clock.advance(SigningKeys.RETRY_AFTER.plusSeconds(1));
        assertAccepted(tokens.get(3));
        assertThat(warnings(output)).hasSize(2);

        // the table back: read at the next try, no more warnings
        tableBack();
        clock.advance(SigningKeys.RETRY_AFTER.plusSeconds(1));
        assertAccepted(tokens.get(4));
        clock.advance(SigningKeys.RETRY_AFTER.plusSeconds(1));
        assertThat(http.get("/oauth2/jwks").statusCode()).isEqualTo(200);
        assertThat(warnings(output)).hasSize(2);
        assertThat(output.getOut()).doesNotContain("\"level\":\"ERROR\"");
    }

    @Test
    void shouldAnswerAValidToken503WhenNoKeysWereEverReadAndTheTableCannotBe(CapturedOutput output) {
        List<String> tokens = unusedTokens(2);
        tableAway();
        signingKeys.reload();

        HttpResponse<String> unavailable = me(tokens.get(0));

        assertProblem(unavailable, 503, "AUTHENTICATION_UNAVAILABLE");
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(unavailable.headers().firstValue("WWW-Authenticate")).isEmpty();
        // the reason names the key source and the database's error, without the statement
        assertThat(output.getOut())
                .contains("Could not check the bearer token, answered 503 AUTHENTICATION_UNAVAILABLE:"
                        + " KeySourceException: ERROR: relation \\\"signing_key\\\" does not exist\"");
        tableBack();
        assertAccepted(tokens.get(1));
    }

    /** @return access tokens of new citizens, not yet checked by the service */
    private List<String> unusedTokens(int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(citizen.registered(UserServiceTestSupport.newMobile(), "482916")
                    .path("access_token")
                    .asString());
        }
        return tokens;
    }

    private HttpResponse<String> me(String token) {
        return citizen.get("/api/v1/users/me", token);
    }

    private void assertAccepted(String token) {
        HttpResponse<String> response = me(token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void tableAway() {
        jdbc.sql("alter table signing_key rename to signing_key_away").update();
    }

    private void tableBack() {
        jdbc.sql("alter table signing_key_away rename to signing_key").update();
    }

    private static List<String> warnings(CapturedOutput output) {
        return output.getOut()
                .lines()
                .filter(l -> l.contains("\"level\":\"WARN\"") && l.contains(WARNING))
                .toList();
    }
}

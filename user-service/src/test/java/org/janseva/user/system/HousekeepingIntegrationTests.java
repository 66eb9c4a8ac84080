package org.janseva.user.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What the hourly housekeeping forgets, seen from the citizen's side. */
@UserServiceTest
class HousekeepingIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Housekeeping housekeeping;

    @Autowired
    JdbcClient jdbc;

    Citizen citizen;

    @BeforeEach
    void setUp() {
        citizen = new Citizen(TestHttp.localhost(port));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldForgetTheWrongMpinsOfEveryNumberADayAfterTheLastButNotARunningLock() {
        String registered = UserServiceTestSupport.newMobile();
        citizen.registered(registered, "730158");
        String unknown = UserServiceTestSupport.newMobile();
        for (int i = 0; i < 5; i++) {
            citizen.loginWithMpin(registered, "730159");
            citizen.loginWithMpin(unknown, "730159");
        }
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        String lockedNow = UserServiceTestSupport.newMobile();
        for (int i = 0; i < 5; i++) {
            citizen.loginWithMpin(lockedNow, "730159");
        }

        housekeeping.clean();

        // counted afresh: a wrong MPIN is one of five again, not the sixth in a row
        assertProblem(citizen.loginWithMpin(registered, "730159"), 401, "INVALID_CREDENTIALS");
        assertProblem(citizen.loginWithMpin(unknown, "730159"), 401, "INVALID_CREDENTIALS");
        assertProblem(citizen.loginWithMpin(lockedNow, "730159"), 423, "ACCOUNT_LOCKED");
    }

    @Test
    void shouldForgetATokenRevocationAnHourAfterTheLastTokenItRevokesHasExpired() throws Exception {
        JsonNode login = citizen.registered(UserServiceTestSupport.newMobile(), "730158");
        String sid = SignedJWT.parse(login.path("access_token").asString())
                .getJWTClaimsSet()
                .getStringClaim("sid");
        assertThat(citizen.logout(login.path("refresh_token").asString()).statusCode())
                .isEqualTo(204);

        clock.advance(Duration.ofMinutes(15 + 59));
        housekeeping.clean();
        assertThat(revocationsOf(sid)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        housekeeping.clean();
        assertThat(revocationsOf(sid)).isZero();
    }

    private long revocationsOf(String sid) {
        return jdbc.sql("select count(*) from token_revocation where login_id = ?")
                .param(sid)
                .query(Long.class)
                .single();
    }
}

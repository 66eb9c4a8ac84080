package org.janseva.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.janseva.user.citizen.HmacSha256;
import org.janseva.user.citizen.Mobiles;
import org.janseva.user.citizen.MpinProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A login whose MPIN was checked before an erasure or an MPIN reset ended every login of the
 * account, and that is saved after it: it must not outlive it. The login is held at a chosen point
 * for certain: on the number's wrong-MPIN row or on the account's row (the test holds them
 * locked).
 */
@UserServiceTest
class LoginRaceIntegrationTests {

    private static final String MPIN = "482916";
    private static final String WRONG = "482917";
    private static final String NEW_MPIN = "730158";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    MpinProperties mpinProperties;

    @Autowired
    MutableClock clock;

    TestHttp http;
    Citizen citizen;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        citizen = new Citizen(http);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        clock.reset();
    }

    @Test
    void shouldRefuseAnMpinLoginCheckedBeforeTheAccountWasErasedAndSavedAfter() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        String citizenId = registered.path("user").path("id").asString();

        Future<HttpResponse<String>> erasure;
        Future<HttpResponse<String>> login;
        try (Connection holder = holdAccountRow(citizenId)) {
            // the erasure has checked its MPIN (an erasure asks for it) and waits to lock the account
            erasure = pool.submit(
                    () -> citizen.erase(registered.path("access_token").asString(), MPIN));
            UserServiceTestSupport.awaitWaiting(dataSource, 1);
            // the login has read the account and checked its MPIN, and waits behind it to be saved
            login = pool.submit(() -> citizen.loginWithMpin(mobile, MPIN));
            UserServiceTestSupport.awaitWaiting(dataSource, 2);
            holder.rollback();
        }

        HttpResponse<String> erased = erasure.get(20, TimeUnit.SECONDS);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
        // as for a mobile without an account, and nothing saved that a refresh could use
        assertProblem(login.get(20, TimeUnit.SECONDS), 401, "INVALID_CREDENTIALS");
        assertThat(loginsOf(citizenId)).isZero();
    }

    @Test
    void shouldRefuseAnMpinLoginWithTheOldMpinWhenAResetCommitsBeforeItIsSaved() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        String citizenId = registered.path("user").path("id").asString();
        // the number's wrong-MPIN row, for the test to hold
        assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
        clock.advance(Duration.ofSeconds(31));
        String ref = citizen.otpRef(mobile, "RESET_MPIN");
        String otp = citizen.lastOtp(mobile);

        Future<HttpResponse<String>> login;
        Future<HttpResponse<String>> reset;
        try (Connection holder = holdFailureRow(mobile)) {
            // the login has read the old MPIN hash and waits to count its attempt
            login = pool.submit(() -> citizen.loginWithMpin(mobile, MPIN));
            UserServiceTestSupport.awaitWaiting(dataSource, 1);
            // the reset has locked the account and replaced the hash, and waits to clear the count
            reset = pool.submit(() -> citizen.resetMpin(mobile, ref, otp, NEW_MPIN));
            UserServiceTestSupport.awaitWaiting(dataSource, 2);
            holder.rollback();
        }

        HttpResponse<String> resetAnswer = reset.get(20, TimeUnit.SECONDS);
        assertThat(resetAnswer.statusCode()).as(resetAnswer.body()).isEqualTo(204);
        // the old MPIN was right when it was checked, not when the login was to be saved
        assertProblem(login.get(20, TimeUnit.SECONDS), 401, "INVALID_CREDENTIALS");
        assertThat(loginsOf(citizenId)).isZero();
        assertProblem(citizen.refresh(registered.path("refresh_token").asString()), 401, "REFRESH_TOKEN_INVALID");
        assertThat(citizen.loginWithMpin(mobile, NEW_MPIN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldEndAnMpinLoginSavedJustBeforeAReset() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        String citizenId = registered.path("user").path("id").asString();
        clock.advance(Duration.ofSeconds(31));
        String ref = citizen.otpRef(mobile, "RESET_MPIN");
        String otp = citizen.lastOtp(mobile);

        Future<HttpResponse<String>> login;
        Future<HttpResponse<String>> reset;
        try (Connection holder = holdAccountRow(citizenId)) {
            // the login's MPIN is checked; it waits on the account's row to be saved
            login = pool.submit(() -> citizen.loginWithMpin(mobile, MPIN));
            UserServiceTestSupport.awaitWaiting(dataSource, 1);
            // the reset waits behind it
            reset = pool.submit(() -> citizen.resetMpin(mobile, ref, otp, NEW_MPIN));
            UserServiceTestSupport.awaitWaiting(dataSource, 2);
            holder.rollback();
        }

        HttpResponse<String> loginAnswer = login.get(20, TimeUnit.SECONDS);
        assertThat(loginAnswer.statusCode()).as(loginAnswer.body()).isEqualTo(200);
        HttpResponse<String> resetAnswer = reset.get(20, TimeUnit.SECONDS);
        assertThat(resetAnswer.statusCode()).as(resetAnswer.body()).isEqualTo(204);
        // saved before the reset, the login was ended by it: no refresh, its access tokens revoked
        JsonNode tokens = TestHttp.json(loginAnswer);
        assertProblem(citizen.refresh(tokens.path("refresh_token").asString()), 401, "REFRESH_TOKEN_INVALID");
        assertThat(revocationReasonOf(sid(tokens))).isEqualTo("ALL_LOGINS_ENDED");
        assertThat(loginsOf(citizenId)).isZero();
    }

    @Test
    void shouldRefuseARefreshThatWaitedForAResetOfItsAccount() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        String citizenId = registered.path("user").path("id").asString();
        clock.advance(Duration.ofSeconds(31));
        String ref = citizen.otpRef(mobile, "RESET_MPIN");
        String otp = citizen.lastOtp(mobile);

        Future<HttpResponse<String>> reset;
        Future<HttpResponse<String>> refresh;
        try (Connection holder = holdAccountRow(citizenId)) {
            reset = pool.submit(() -> citizen.resetMpin(mobile, ref, otp, NEW_MPIN));
            UserServiceTestSupport.awaitWaiting(dataSource, 1);
            // the refresh has found the login, and waits for the reset that ends it
            refresh = pool.submit(
                    () -> citizen.refresh(registered.path("refresh_token").asString()));
            UserServiceTestSupport.awaitWaiting(dataSource, 2);
            holder.rollback();
        }

        HttpResponse<String> resetAnswer = reset.get(20, TimeUnit.SECONDS);
        assertThat(resetAnswer.statusCode()).as(resetAnswer.body()).isEqualTo(204);
        assertProblem(refresh.get(20, TimeUnit.SECONDS), 401, "REFRESH_TOKEN_INVALID");
        assertThat(loginsOf(citizenId)).isZero();
    }

    /** @return a connection in a transaction holding the number's wrong-MPIN row locked */
    private Connection holdFailureRow(String mobile) throws Exception {
        String id = new HmacSha256(mpinProperties.checkedPepper())
                .derive("janseva mpin-failure key")
                .hex(Mobiles.normalise(mobile));
        return hold("select 1 from mpin_failure where mobile_hmac = ? for update", id);
    }

    /** @return a connection in a transaction holding the account's row locked */
    private Connection holdAccountRow(String citizenId) throws Exception {
        return hold("select 1 from citizen where id = ? for update", citizenId);
    }

    private Connection hold(String lockingQuery, String key) throws Exception {
        Connection holder = dataSource.getConnection();
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement(lockingQuery)) {
            lock.setString(1, key);
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).as("the row to hold").isTrue();
            }
        }
        return holder;
    }

    private int loginsOf(String citizenId) {
        return JdbcClient.create(dataSource)
                .sql("select count(*) from oauth2_authorization where principal_name = ?")
                .param(citizenId)
                .query(Integer.class)
                .single();
    }

    private String revocationReasonOf(String loginId) {
        return JdbcClient.create(dataSource)
                .sql("select reason from token_revocation where login_id = ?")
                .param(loginId)
                .query(String.class)
                .single();
    }

    private static String sid(JsonNode tokenResponse) {
        try {
            return SignedJWT.parse(tokenResponse.path("access_token").asString())
                    .getJWTClaimsSet()
                    .getStringClaim("sid");
        } catch (java.text.ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

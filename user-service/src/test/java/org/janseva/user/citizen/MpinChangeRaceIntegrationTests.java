package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An MPIN change ({@code PUT /api/v1/users/me/mpin}) that read the account before an MPIN reset
 * or an erasure committed, and writes its new MPIN after: it must not undo them; nor may an
 * erasure confirmed with the MPIN a reset then replaced go on. The change (or the erasure) is held
 * for certain after it read the account: on the number's wrong-MPIN row, which it counts its
 * attempt on before Argon2 and which the test holds locked; the reset then locks the account's row
 * and waits on the same wrong-MPIN row to clear it, so it commits before the change can write. An
 * erasure checks an MPIN too, so it cannot pass that row first: the test holds the account's row
 * instead, which the erasure, after its MPIN check, and then the change, at its write, wait for in
 * that order.
 */
@UserServiceTest
class MpinChangeRaceIntegrationTests {

    private static final String MPIN = "482916";
    private static final String WRONG = "482917";
    private static final String CHANGED = "592047";
    private static final String RESET = "730158";

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
    void shouldRefuseAnMpinChangeWhenAResetCommitsBeforeItIsWritten() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        String token = registered.path("access_token").asString();
        // the number's wrong-MPIN row, for the test to hold
        assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
        clock.advance(Duration.ofSeconds(31));
        String ref = citizen.otpRef(mobile, "RESET_MPIN");
        String otp = citizen.lastOtp(mobile);

        Future<HttpResponse<String>> change;
        Future<HttpResponse<String>> reset;
        try (Connection holder = holdFailureRow(mobile)) {
            // the change has read the old MPIN hash and waits to count its attempt
            change = pool.submit(() -> changeMpin(token, MPIN, CHANGED));
            UserServiceTestSupport.awaitWaiting(dataSource, 1);
            // the reset has locked the account and replaced the hash, and waits to clear the count
            reset = pool.submit(() -> citizen.resetMpin(mobile, ref, otp, RESET));
            UserServiceTestSupport.awaitWaiting(dataSource, 2);
            holder.rollback();
        }

        HttpResponse<String> resetAnswer = reset.get(20, TimeUnit.SECONDS);
        assertThat(resetAnswer.statusCode()).as(resetAnswer.body()).isEqualTo(204);
        // the old MPIN was the account's when it was checked, not when the new one was to be written
        assertProblem(change.get(20, TimeUnit.SECONDS), 403, "INVALID_CREDENTIALS");
        assertThat(citizen.loginWithMpin(mobile, RESET).statusCode()).isEqualTo(200);
        assertProblem(citizen.loginWithMpin(mobile, CHANGED), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void shouldRefuseAnMpinChangeWhenAnErasureCommitsBeforeItIsWritten() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        String token = registered.path("access_token").asString();
        String citizenId = registered.path("user").path("id").asString();

        Future<HttpResponse<String>> change;
        Future<HttpResponse<String>> erasure;
        try (Connection holder = holdAccountRow(citizenId)) {
            // the erasure has checked its MPIN and waits to lock the account
            erasure = pool.submit(() -> citizen.erase(token, MPIN));
            UserServiceTestSupport.awaitWaiting(dataSource, 1);
            // the change has read the account, checked the old MPIN, and waits to write the new one
            change = pool.submit(() -> changeMpin(token, MPIN, CHANGED));
            UserServiceTestSupport.awaitWaiting(dataSource, 2);
            holder.rollback();
        }

        HttpResponse<String> erased = erasure.get(20, TimeUnit.SECONDS);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
        // as every /users/me route of an erased account answers, and nothing written on its row
        assertProblem(change.get(20, TimeUnit.SECONDS), 404, "CITIZEN_NOT_FOUND");
        Map<String, Object> row = JdbcClient.create(dataSource)
                .sql("select status, mpin_hash from citizen where id = ?")
                .param(citizenId)
                .query()
                .singleRow();
        assertThat(row.get("status")).isEqualTo("ERASED");
        assertThat(row.get("mpin_hash")).isNull();
    }

    @Test
    void shouldRefuseAnErasureWhenAResetCommitsAfterItsMpinWasChecked() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, MPIN);
        String token = registered.path("access_token").asString();
        String citizenId = registered.path("user").path("id").asString();
        // the number's wrong-MPIN row, for the test to hold
        assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
        clock.advance(Duration.ofSeconds(31));
        String ref = citizen.otpRef(mobile, "RESET_MPIN");
        String otp = citizen.lastOtp(mobile);

        Future<HttpResponse<String>> erasure;
        Future<HttpResponse<String>> reset;
        try (Connection holder = holdFailureRow(mobile)) {
            // the erasure has read the MPIN hash and waits to count its attempt
            erasure = pool.submit(() -> citizen.erase(token, MPIN));
            UserServiceTestSupport.awaitWaiting(dataSource, 1);
            // the reset has locked the account and replaced the hash, and waits to clear the count
            reset = pool.submit(() -> citizen.resetMpin(mobile, ref, otp, RESET));
            UserServiceTestSupport.awaitWaiting(dataSource, 2);
            holder.rollback();
        }

        HttpResponse<String> resetAnswer = reset.get(20, TimeUnit.SECONDS);
        assertThat(resetAnswer.statusCode()).as(resetAnswer.body()).isEqualTo(204);
        // the MPIN was the account's when it was checked, not when the account was to be erased
        JsonNode problem = assertProblem(erasure.get(20, TimeUnit.SECONDS), 403, "INVALID_CREDENTIALS");
        assertThat(problem.path("detail").asString()).isEqualTo("The current MPIN is not correct.");
        assertThat(JdbcClient.create(dataSource)
                        .sql("select status from citizen where id = ?")
                        .param(citizenId)
                        .query(String.class)
                        .single())
                .isEqualTo("ACTIVE");
        assertThat(citizen.loginWithMpin(mobile, RESET).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> changeMpin(String token, String oldMpin, String newMpin) {
        return http.sendJson(
                "PUT",
                "/api/v1/users/me/mpin",
                "{\"oldMpin\": \"" + oldMpin + "\", \"newMpin\": \"" + newMpin + "\"}",
                "Authorization",
                "Bearer " + token);
    }

    /** @return a connection in a transaction holding the account's row locked */
    private Connection holdAccountRow(String citizenId) throws Exception {
        Connection holder = dataSource.getConnection();
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement("select 1 from citizen where id = ? for update")) {
            lock.setString(1, citizenId);
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).as("the row to hold").isTrue();
            }
        }
        return holder;
    }

    /** @return a connection in a transaction holding the number's wrong-MPIN row locked */
    private Connection holdFailureRow(String mobile) throws Exception {
        String id = new HmacSha256(mpinProperties.checkedPepper())
                .derive("janseva mpin-failure key")
                .hex(Mobiles.normalise(mobile));
        Connection holder = dataSource.getConnection();
        holder.setAutoCommit(false);
        try (PreparedStatement lock =
                holder.prepareStatement("select 1 from mpin_failure where mobile_hmac = ? for update")) {
            lock.setString(1, id);
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).as("the row to hold").isTrue();
            }
        }
        return holder;
    }
}

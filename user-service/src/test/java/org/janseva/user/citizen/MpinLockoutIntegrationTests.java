package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

/**
 * The MPIN lockout under concurrency, directly against user-service (no gateway in front to limit
 * the logins in flight): parallel guesses cannot get more than five MPINs checked per lock, and a
 * right MPIN racing the fifth wrong one gets no tokens once the number has locked. The requests are
 * made to overlap for certain: they wait on the number's {@code mpin_failure} row, which the test
 * holds locked until they all wait.
 */
@UserServiceTest
class MpinLockoutIntegrationTests {

    private static final String MPIN = "730158";
    private static final String WRONG = "730159";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

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
        pool = Executors.newFixedThreadPool(12);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        clock.reset();
    }

    @Test
    void shouldCheckAtMostFiveMpinsWhenWrongOnesArriveTogether() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, MPIN);
        assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
        double hashesBefore = hashes();

        List<HttpResponse<String>> answers = allAtOnce(mobile, 12, () -> citizen.loginWithMpin(mobile, WRONG));

        assertThat(answers).extracting(HttpResponse::statusCode).allMatch(s -> s == 401 || s == 423);
        assertThat(answers).filteredOn(a -> a.statusCode() == 423).hasSizeGreaterThanOrEqualTo(8);
        // the first wrong MPIN and four more: the others were refused without a check
        assertThat(hashes() - hashesBefore).isEqualTo(4);
        assertThat(failures(mobile)).isEqualTo(5);
        assertThat(lockedUntil(mobile)).isAfter(Instant.now().plus(Duration.ofMinutes(29)));
        // the right MPIN is refused too
        HttpResponse<String> right = citizen.loginWithMpin(mobile, MPIN);
        assertProblem(right, 423, "ACCOUNT_LOCKED");
        assertThat(right.body()).doesNotContain("access_token");
    }

    @Test
    void shouldLockAnUnknownNumberAlikeWhenWrongMpinsArriveTogether() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
        double hashesBefore = hashes();

        List<HttpResponse<String>> answers = allAtOnce(mobile, 12, () -> citizen.loginWithMpin(mobile, WRONG));

        assertThat(answers).extracting(HttpResponse::statusCode).allMatch(s -> s == 401 || s == 423);
        assertThat(hashes() - hashesBefore).isEqualTo(4);
        assertThat(failures(mobile)).isEqualTo(5);
        assertProblem(citizen.loginWithMpin(mobile, MPIN), 423, "ACCOUNT_LOCKED");
    }

    @Test
    void shouldGiveNoTokensToTheRightMpinWhenTheFifthWrongOneLocksTheNumberFirst() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, MPIN);
        for (int i = 0; i < 4; i++) {
            assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
        }

        HttpResponse<String> fifth;
        HttpResponse<String> right;
        try (Connection holder = holdRow(mobile)) {
            // the fifth wrong MPIN first, then the right one, both waiting on the number's row
            Future<HttpResponse<String>> wrong = pool.submit(() -> citizen.loginWithMpin(mobile, WRONG));
            awaitWaiting(1);
            Future<HttpResponse<String>> rightOne = pool.submit(() -> citizen.loginWithMpin(mobile, MPIN));
            awaitWaiting(2);
            holder.rollback();
            fifth = wrong.get(20, TimeUnit.SECONDS);
            right = rightOne.get(20, TimeUnit.SECONDS);
        }

        assertProblem(fifth, 423, "ACCOUNT_LOCKED");
        assertProblem(right, 423, "ACCOUNT_LOCKED");
        assertThat(right.body()).doesNotContain("access_token");
        // the lock stands: the right MPIN did not lift it
        assertThat(failures(mobile)).isEqualTo(5);
        assertThat(lockedUntil(mobile)).isAfter(Instant.now());
        assertProblem(citizen.loginWithMpin(mobile, MPIN), 423, "ACCOUNT_LOCKED");
    }

    @Test
    void shouldLetTheRightMpinThatCameBeforeTheFifthWrongOneIn() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, MPIN);
        for (int i = 0; i < 4; i++) {
            assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
        }

        HttpResponse<String> right;
        HttpResponse<String> fifth;
        try (Connection holder = holdRow(mobile)) {
            Future<HttpResponse<String>> rightOne = pool.submit(() -> citizen.loginWithMpin(mobile, MPIN));
            awaitWaiting(1);
            Future<HttpResponse<String>> wrong = pool.submit(() -> citizen.loginWithMpin(mobile, WRONG));
            awaitWaiting(2);
            holder.rollback();
            right = rightOne.get(20, TimeUnit.SECONDS);
            fifth = wrong.get(20, TimeUnit.SECONDS);
        }

        // the right one was the fifth attempt: checked while the number was locked for it alone
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        assertProblem(fifth, 423, "ACCOUNT_LOCKED");
        // and its success cleared the count
        assertThat(citizen.loginWithMpin(mobile, MPIN).statusCode()).isEqualTo(200);
        assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void shouldCheckAtMostFiveOldMpinsWhenWrongMpinChangesArriveTogether() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        String token = citizen.registered(mobile, MPIN).path("access_token").asString();
        Supplier<HttpResponse<String>> wrongChange = () -> http.sendJson(
                "PUT",
                "/api/v1/users/me/mpin",
                "{\"oldMpin\": \"" + WRONG + "\", \"newMpin\": \"592047\"}",
                "Authorization",
                "Bearer " + token);
        assertProblem(wrongChange.get(), 403, "INVALID_CREDENTIALS");
        double hashesBefore = hashes();

        List<HttpResponse<String>> answers = allAtOnce(mobile, 12, wrongChange);

        assertThat(answers).extracting(HttpResponse::statusCode).allMatch(s -> s == 403 || s == 423);
        assertThat(hashes() - hashesBefore).isEqualTo(4);
        assertThat(failures(mobile)).isEqualTo(5);
        assertProblem(
                http.sendJson(
                        "PUT",
                        "/api/v1/users/me/mpin",
                        "{\"oldMpin\": \"" + MPIN + "\", \"newMpin\": \"592047\"}",
                        "Authorization",
                        "Bearer " + token),
                423,
                "ACCOUNT_LOCKED");
        assertProblem(citizen.loginWithMpin(mobile, MPIN), 423, "ACCOUNT_LOCKED");
    }

    @Test
    void shouldStartTheCountAfreshADayAfterTheLastWrongMpin() {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, MPIN);
        for (int i = 0; i < 4; i++) {
            assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
        }
        clock.advance(mpinProperties.forgetFailuresAfter().plusMinutes(1));

        // without waiting for the housekeeping: one of five again, not the fifth in a row
        assertProblem(citizen.loginWithMpin(mobile, WRONG), 401, "INVALID_CREDENTIALS");
        assertThat(failures(mobile)).isEqualTo(1);
    }

    /** Sends the requests at once while the number's row is held, and lets them go when all wait. */
    private List<HttpResponse<String>> allAtOnce(String mobile, int count, Supplier<HttpResponse<String>> request)
            throws Exception {
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (Connection holder = holdRow(mobile)) {
            for (int i = 0; i < count; i++) {
                sent.add(pool.submit(request::get));
            }
            awaitWaiting(count);
            holder.rollback();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
        }
        return answers;
    }

    /** @return a connection in a transaction holding the number's wrong-MPIN row locked */
    private Connection holdRow(String mobile) throws Exception {
        Connection holder = dataSource.getConnection();
        holder.setAutoCommit(false);
        try (PreparedStatement lock =
                holder.prepareStatement("select 1 from mpin_failure where mobile_hmac = ? for update")) {
            lock.setString(1, mobileHmac(mobile));
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).as("the number's wrong-MPIN row").isTrue();
            }
        }
        return holder;
    }

    /** Waits until this many backends wait for a lock. */
    private void awaitWaiting(int waiting) throws InterruptedException {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        int now = 0;
        while (Instant.now().isBefore(deadline)) {
            now = jdbc.sql("""
                            select count(*) from pg_stat_activity
                            where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0
                            """).query(Integer.class).single();
            if (now >= waiting) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(now).as("requests waiting on the number's row").isEqualTo(waiting);
    }

    private double hashes() {
        return meters.timer("janseva.mpin.hash").count();
    }

    private int failures(String mobile) {
        return (Integer) row(mobile).get("failures");
    }

    private Instant lockedUntil(String mobile) {
        return ((Timestamp) row(mobile).get("locked_until")).toInstant();
    }

    private Map<String, Object> row(String mobile) {
        return JdbcClient.create(dataSource)
                .sql("select failures, locked_until from mpin_failure where mobile_hmac = ?")
                .param(mobileHmac(mobile))
                .query()
                .singleRow();
    }

    private String mobileHmac(String mobile) {
        return new HmacSha256(mpinProperties.checkedPepper())
                .derive("janseva mpin-failure key")
                .hex(Mobiles.normalise(mobile));
    }
}

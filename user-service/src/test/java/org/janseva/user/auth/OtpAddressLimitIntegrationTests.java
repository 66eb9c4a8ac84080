package org.janseva.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.janseva.platform.test.TestHttp;
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
 * The per-address OTP limit (4 an hour in the tests) under concurrency: sends for different
 * numbers from one address, made to overlap for certain (the test holds inserts into
 * {@code otp_challenge} back until every send waits), store no more than the limit.
 */
@UserServiceTest
class OtpAddressLimitIntegrationTests {

    private static final int SENDS = 8;
    private static final int LIMIT = 4;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    Citizen citizen;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        citizen = new Citizen(TestHttp.localhost(port));
        pool = Executors.newFixedThreadPool(SENDS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void shouldAcceptNoMoreThanTheAddressLimitWhenSendsForDifferentMobilesArriveTogether() throws Exception {
        String address = UserServiceTestSupport.newAddress();
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                // reads go on (every send counts), inserts wait
                lock.execute("lock table otp_challenge in share mode");
            }
            for (int i = 0; i < SENDS; i++) {
                String mobile = UserServiceTestSupport.newMobile();
                sent.add(pool.submit(() -> citizen.requestOtp(mobile, "REGISTER", "X-Forwarded-For", address)));
            }
            UserServiceTestSupport.awaitWaiting(dataSource, SENDS);
            holder.rollback();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
        }

        assertThat(answers).filteredOn(a -> a.statusCode() == 202).hasSize(LIMIT);
        assertThat(answers)
                .filteredOn(a -> a.statusCode() == 429)
                .hasSize(SENDS - LIMIT)
                .allMatch(a -> TestHttp.json(a).path("reason").asString().equals("OTP_ADDRESS_LIMIT"));
        Integer stored = JdbcClient.create(dataSource)
                .sql("select count(*) from otp_challenge where client_ip = ?")
                .param(address)
                .query(Integer.class)
                .single();
        assertThat(stored).isEqualTo(LIMIT);
    }
}

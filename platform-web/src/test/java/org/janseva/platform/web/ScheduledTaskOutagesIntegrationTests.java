package org.janseva.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A {@code @Scheduled} job of a Boot application with the platform's auto-configuration, on a real
 * HikariCP pool and pgjdbc where no database listens, then on the embedded PostgreSQL: what its log
 * shows through the outage, at its end, and for a defect.
 */
@SpringBootTest(
        classes = ScheduledTaskOutagesIntegrationTests.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext // its job fails on purpose every 50 ms: not in the log of the tests after it
class ScheduledTaskOutagesIntegrationTests {

    @Autowired
    Poller poller;

    @Test
    void shouldLogADatabaseOutageOfAScheduledJobAsOneShortWarnAndItsEndAsOneInfo(CapturedOutput output) {
        eventually(() -> assertThat(poller.failedRuns.get()).isGreaterThanOrEqualTo(6));

        List<String> lines = output.getOut().lines().toList();
        assertThat(lines.stream().filter(l -> l.contains("Scheduled task Poller.poll")))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("\"level\":\"WARN\"")
                        .contains("Scheduled task Poller.poll failed, the database is unavailable:"
                                + " CannotGetJdbcConnectionException: Connection refused")
                        .doesNotContain("select"));
        assertThat(lines).noneMatch(l -> l.contains("\"level\":\"ERROR\""));
        assertThat(lines).noneMatch(l -> l.contains("stack_trace"));

        int failed = poller.failedRuns.get();
        poller.mode = Mode.UP;
        eventually(() -> assertThat(output.getOut()).contains("Scheduled task Poller.poll succeeded again after"));
        String info = output.getOut()
                .lines()
                .filter(l -> l.contains("Scheduled task Poller.poll succeeded again after"))
                .findFirst()
                .orElseThrow();
        assertThat(info).contains("\"level\":\"INFO\"");
        assertThat(Integer.parseInt(info.replaceAll(".*succeeded again after (\\d+) failures in \\d+ s.*", "$1")))
                .isBetween(failed, failed + 1);

        // any other failure is the scheduler's ERROR with the stack trace, every run, as before
        poller.mode = Mode.DEFECT;
        eventually(() -> assertThat(output.getOut()
                        .lines()
                        .filter(l -> l.contains("Unexpected error occurred in scheduled task")
                                && l.contains("\"level\":\"ERROR\"")
                                && l.contains("stack_trace")
                                && l.contains("a defect in the job")))
                .hasSizeGreaterThanOrEqualTo(2));
    }

    /** Polls the assertion until it holds; fails with its last error after 30 s. */
    private static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    enum Mode {
        DOWN,
        UP,
        DEFECT
    }

    /** Reads the database every 50 ms, the way the services' polling jobs do. */
    static class Poller {

        final JdbcTemplate down;
        final JdbcTemplate up;
        final AtomicInteger failedRuns = new AtomicInteger();
        volatile Mode mode = Mode.DOWN;

        Poller(JdbcTemplate down, JdbcTemplate up) {
            this.down = down;
            this.up = up;
        }

        @Scheduled(fixedDelay = 50)
        void poll() {
            switch (mode) {
                case DOWN -> {
                    try {
                        down.queryForObject("select 1", Integer.class);
                    } finally {
                        failedRuns.incrementAndGet();
                    }
                }
                case UP -> up.queryForObject("select 1", Integer.class);
                case DEFECT -> throw new IllegalStateException("a defect in the job");
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    static class TestApplication {

        @Bean(destroyMethod = "close")
        HikariDataSource unreachableDatabase() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/janseva");
            config.setUsername("janseva");
            config.setPassword("janseva");
            // the services wait 3 s (platform-defaults); the least Hikari allows keeps the test short
            config.setConnectionTimeout(250);
            config.setInitializationFailTimeout(-1);
            return new HikariDataSource(config);
        }

        @Bean
        Poller poller(HikariDataSource unreachableDatabase) {
            return new Poller(
                    new JdbcTemplate(unreachableDatabase),
                    new JdbcTemplate(SharedEmbeddedPostgres.get().admin()));
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
